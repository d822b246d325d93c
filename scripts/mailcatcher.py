#!/usr/bin/env python3
"""The demo's mail catcher: an SMTP server on 127.0.0.1 that keeps every
e-mail the demo's Odoo sends (nothing leaves the machine) and a page that
lists them and shows each one, with its attachments (the invitations'
.ics, the minutes' PDF).

    python scripts/mailcatcher.py --smtp-port 2525 --http-port 8025 --maildir DIR

scripts/demo starts it and points Odoo's outgoing mail at it. The messages
are kept in the Maildir DIR, so they outlast a restart. aiosmtpd is among
the project's tools (scripts/requirements-dev.txt).
"""

import argparse
import email
import email.policy
import html
import mailbox
import signal
import threading
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from aiosmtpd.controller import Controller

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 1rem auto; max-width: 60rem;
       padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }}
iframe {{ width: 100%; height: 70vh; border: 1px solid #ccc; }}
pre {{ white-space: pre-wrap; }}
.muted {{ color: #555; }}
</style></head><body>
{body}
</body></html>
"""
NOT_FOUND = PAGE.format(title="Not found", body="<p>Not found.</p>")


class Store:
    """The caught messages, in a Maildir (thread-safe enough for one SMTP
    thread writing and HTTP threads reading)."""

    def __init__(self, path):
        self.path = str(path)
        for folder in ("tmp", "new", "cur"):
            (Path(path) / folder).mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()

    def _maildir(self):
        # a fresh view each time: Maildir caches its listing
        return mailbox.Maildir(self.path, create=False)

    def add(self, content, rcpt_tos):
        message = email.message_from_bytes(content, policy=email.policy.default)
        if "X-Caught-For" not in message:
            message["X-Caught-For"] = ", ".join(rcpt_tos)
        with self.lock:
            return self._maildir().add(message.as_bytes(policy=email.policy.SMTP))

    def keys(self):
        """The messages' keys, newest first."""
        with self.lock:
            keys = list(self._maildir().keys())
        return sorted(keys, key=self._date, reverse=True)

    def get(self, key):
        with self.lock:
            if not key or key.startswith(".") or "/" in key:
                return None
            try:
                raw = self._maildir().get_bytes(key)
            except (KeyError, ValueError, OSError):
                return None
        return email.message_from_bytes(raw, policy=email.policy.default)

    def _date(self, key):
        message = self.get(key)
        try:
            return parsedate_to_datetime(message["Date"]).timestamp()
        except (TypeError, ValueError):
            return 0


class Catcher:
    """aiosmtpd's handler: every message into the store."""

    def __init__(self, store):
        self.store = store

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd
        self.store.add(envelope.original_content or envelope.content, envelope.rcpt_tos)
        return "250 Message accepted for the demo's mail catcher"


def _text(value):
    return html.escape(str(value or ""))


def _parts(message):
    """The HTML body, the text body and the attachments of a message."""
    body_html = message.get_body(("html",))
    body_text = message.get_body(("plain",))
    attachments = [part for part in message.iter_attachments() if part.get_filename()]
    return (
        body_html.get_content() if body_html else None,
        body_text.get_content() if body_text else None,
        attachments,
    )


def make_handler(store):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            """Quiet: the page is the log."""

        def _send(self, status, content, content_type="text/html; charset=utf-8"):
            data = content.encode() if isinstance(content, str) else content
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            # the caught mails' HTML runs no script and loads nothing but
            # images of this machine (the municipality's logo from Odoo)
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; "
                "img-src data: http://127.0.0.1:* http://localhost:*; "
                "frame-src 'self'",
            )
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - the base's name
            path = unquote(self.path.split("?", 1)[0])
            if path == "/":
                return self._send(200, self._index())
            parts = path.strip("/").split("/")
            if len(parts) >= 2 and parts[0] == "mail":
                message = store.get(parts[1])
                if message is not None:
                    if len(parts) == 2:
                        return self._send(200, self._message(parts[1], message))
                    if len(parts) == 3 and parts[2] == "body":
                        body_html, _text_body, _files = _parts(message)
                        return self._send(200, body_html or "")
                    if len(parts) == 4 and parts[2] == "file":
                        return self._file(message, parts[3])
            return self._send(404, NOT_FOUND)

        def _index(self):
            keys = store.keys()
            rows = []
            for key in keys:
                message = store.get(key)
                rows.append(
                    "<tr><td class='muted'>{date}</td><td>{to}</td>"
                    "<td><a href='/mail/{key}'>{subject}</a></td></tr>".format(
                        date=_text(message["Date"]),
                        to=_text(message["To"] or message["X-Caught-For"]),
                        key=quote(key),
                        subject=_text(message["Subject"]) or "(no subject)",
                    )
                )
            body = (
                "<h1>E-mails sent by the demo</h1>"
                f"<p class='muted'>{len(keys)} caught; none left this machine. "
                "Reload the page for new ones.</p>"
                "<table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table>"
            )
            return PAGE.format(title="Demo e-mails", body=body)

        def _message(self, key, message):
            body_html, body_text, files = _parts(message)
            headers = "".join(
                f"<tr><th>{name}</th><td>{_text(message[name])}</td></tr>"
                for name in ("Date", "From", "To", "Cc", "Subject")
                if message[name]
            )
            links = "".join(
                f"<li><a href='/mail/{quote(key)}/file/{index}'>"
                f"{_text(part.get_filename())}</a> "
                f"<span class='muted'>{_text(part.get_content_type())}</span></li>"
                for index, part in enumerate(files)
            )
            if body_html is not None:
                content = (
                    f"<iframe sandbox title='{_text(message['Subject'])}' "
                    f"src='/mail/{quote(key)}/body'></iframe>"
                )
            else:
                content = f"<pre>{_text(body_text)}</pre>"
            body = (
                "<p><a href='/'>All e-mails</a></p>"
                f"<h1>{_text(message['Subject']) or '(no subject)'}</h1>"
                f"<table>{headers}</table>"
                + (f"<h2>Attachments</h2><ul>{links}</ul>" if links else "")
                + content
            )
            return PAGE.format(title=_text(message["Subject"]), body=body)

        def _file(self, message, index):
            files = _parts(message)[2]
            if not index.isdigit() or int(index) >= len(files):
                return self._send(404, "Not found", "text/plain")
            part = files[int(index)]
            self.send_response(200)
            data = part.get_payload(decode=True) or b""
            self.send_header("Content-Type", part.get_content_type())
            self.send_header(
                "Content-Disposition",
                f"attachment; filename*=UTF-8''{quote(part.get_filename())}",
            )
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None

    return Handler


def serve(smtp_port, http_port, maildir, host="127.0.0.1"):
    """Start both servers; returns (smtp controller, http server)."""
    store = Store(maildir)
    smtp = Controller(Catcher(store), hostname=host, port=smtp_port)
    smtp.start()
    web = ThreadingHTTPServer((host, http_port), make_handler(store))
    threading.Thread(target=web.serve_forever, daemon=True).start()
    return smtp, web


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smtp-port", type=int, default=2525)
    parser.add_argument("--http-port", type=int, default=8025)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    smtp, web = serve(args.smtp_port, args.http_port, args.maildir)
    # Ctrl+C, or scripts/demo stopping with the server
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    web.shutdown()
    smtp.stop()


if __name__ == "__main__":
    main()

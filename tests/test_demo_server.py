"""The demo server's mail catcher and the scripts' own documentation.

scripts/demo sends the demo's e-mails to scripts/mailcatcher.py, an SMTP
server on 127.0.0.1 with a page that lists what was sent and shows each
e-mail with its attachments (issue 20, point 13). These tests run the
catcher on free ports, send it e-mails as Odoo does (smtplib) and read its
page; and they read the scripts' --help, which documents their variables.
"""

import importlib.util
import os
import smtplib
import subprocess
import urllib.error
import urllib.request
from email.message import EmailMessage
from pathlib import Path

import pytest
from localservice import free_port

ROOT = Path(__file__).resolve().parents[1]


def load_catcher():
    spec = importlib.util.spec_from_file_location(
        "mailcatcher", ROOT / "scripts" / "mailcatcher.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def catcher(tmp_path):
    smtp_port, http_port = free_port(), free_port()
    smtp, web = load_catcher().serve(smtp_port, http_port, tmp_path / "mail")
    yield smtp_port, f"http://127.0.0.1:{http_port}"
    web.shutdown()
    smtp.stop()


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.status, response.headers, response.read()


def send(port, subject, html, attachment=None):
    message = EmailMessage()
    message["From"] = "Keuruun kaupunki <kirjaamo@keuruu.example.com>"
    message["To"] = "Pentti Salminen <pentti.salminen@example.com>"
    message["Subject"] = subject
    message["Date"] = "Mon, 07 Dec 2026 10:00:00 +0000"
    message.set_content("Asialista tekstinä.")
    message.add_alternative(html, subtype="html")
    if attachment:
        message.add_attachment(
            attachment, maintype="text", subtype="calendar", filename="invitation.ics"
        )
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


def test_the_page_lists_and_shows_what_was_sent(catcher):
    smtp_port, url = catcher
    send(
        smtp_port,
        "Kutsu: Kahvia ja kohtaamisia",
        "<p>Tervetuloa <b>tapaamiseen</b></p>",
        attachment=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    )
    status, _headers, body = get(url + "/")
    page = body.decode()
    assert status == 200
    assert "Kutsu: Kahvia ja kohtaamisia" in page
    assert "pentti.salminen@example.com" in page
    assert "1 caught" in page
    link = page.split("href='/mail/", 1)[1].split("'", 1)[0]

    _status, _headers, body = get(f"{url}/mail/{link}")
    message = body.decode()
    assert "Kutsu: Kahvia ja kohtaamisia" in message
    assert "kirjaamo@keuruu.example.com" in message
    assert "invitation.ics" in message
    # the e-mail's HTML in a sandboxed frame that runs no script
    assert (
        f"<iframe sandbox title='Kutsu: Kahvia ja kohtaamisia' src='/mail/{link}/body'"
        in message
    )

    status, headers, body = get(f"{url}/mail/{link}/body")
    assert "<b>tapaamiseen</b>" in body.decode()
    assert "default-src 'none'" in headers["Content-Security-Policy"]

    status, headers, body = get(f"{url}/mail/{link}/file/0")
    assert body == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert headers["Content-Type"] == "text/calendar"


def test_newest_first_and_markup_in_a_subject_is_text(catcher):
    smtp_port, url = catcher
    send(smtp_port, "Asialista", "<p>1</p>")
    send(smtp_port, "<script>alert(1)</script> Muistio", "<p>2</p>")
    page = get(url + "/")[2].decode()
    assert "2 caught" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Muistio" in page


def test_unknown_mail_is_not_found(catcher):
    _smtp_port, url = catcher
    for path in ("/mail/nothing", "/mail/../../etc/passwd", "/elsewhere"):
        with pytest.raises(urllib.error.HTTPError) as error:
            get(url + path)
        assert error.value.code == 404


@pytest.mark.parametrize(
    ("script", "variables"),
    [
        (
            "scripts/demo",
            (
                "KP_DEMO_DB",
                "KP_DEMO_PORT",
                "KP_DEMO_MAIL_PORT",
                "KP_DEMO_SMTP_PORT",
                "KP_LOCAL",
                "--reset",
                "--port",
                "mail catcher",
            ),
        ),
        ("scripts/test", ("KP_TEST_DB", "KP_LOCAL", "KP_TEST_PATHS", "KP_REUSE_DB")),
    ],
)
def test_help_documents_the_variables(script, variables):
    """--help prints the script's usage and stops, before looking for Odoo."""
    result = subprocess.run(
        [str(ROOT / script), "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "ODOO_SRC"},
    )
    assert result.returncode == 0, result.stderr
    for variable in variables:
        assert variable in result.stdout, variable
    assert "Odoo 19 source" not in result.stderr

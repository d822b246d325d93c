"""What a reply by e-mail says, as the addon reads it: the text its sender
wrote (without the quoted mail below or above it), the subject without the
reply prefixes mail clients add, a command word, and an iTIP answer from a
calendar client.

Quotes are found by Odoo's own quote detection (``odoo.tools.mail.tag_quote``,
run by ``html_sanitize``: Gmail's ``gmail_quote``, Outlook's
``divRplyFwdMsg``, Apple Mail's ``blockquote``, ``>`` lines and ``--``
signatures); the attribution line above a quote ("On … wrote:") and the
plain-text separators of Outlook are cut here, as no markup marks them.
"""

import re

import vobject
from lxml import html as lxml_html

from odoo.tools import html2plaintext, html_sanitize

# "Re:", "VS:" (Finnish Outlook), "SV:" (Swedish), "AW:", "Fwd:", "VL:" …,
# repeated: "Re: VS: Asialista"
REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|vs|sv|aw|fw|fwd|vl|vb|antw|ang)\s*(?:\[\d+\])?\s*:\s*)+",
    re.IGNORECASE,
)
# where the quoted mail starts in plain text: Outlook's separators and the
# attribution lines of clients (en, fi, sv)
QUOTE_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|alkuperäinen viesti|ursprungligt "
    r"meddelande)\s*-{2,}|_{10,}|(?:from|lähettäjä|från)\s*:\s.*|on\s.+wrote:|"
    r".+\s(?:kirjoitti|skrev)\s*:|.+\swrote:)\s*$",
    re.IGNORECASE,
)
# the command words that mark a commitment done (fi, sv, en), alone on the
# first line of what the sender wrote
DONE_WORDS = {"valmis", "klar", "done"}
# the iTIP answers (RFC 5546 PARTSTAT) a calendar client sends, and the
# calendar.attendee method that records each
PARTSTAT_METHODS = {
    "ACCEPTED": "do_accept",
    "DECLINED": "do_decline",
    "TENTATIVE": "do_tentative",
}


def reply_subject(subject):
    """``subject`` without the reply and forward prefixes."""
    return REPLY_PREFIX.sub("", subject or "").strip()


def unquoted_text(body):
    """The text the sender wrote in the HTML ``body`` of an e-mail (as Odoo's
    gateway parses it): what Odoo's quote detection marks is left out, and
    so is everything from the first line that starts a quoted mail."""
    if not body or not body.strip():
        return ""
    marked = html_sanitize(body)
    try:
        tree = lxml_html.fromstring(f"<div>{marked}</div>")
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for node in tree.xpath("//*[@data-o-mail-quote]"):
        parent = node.getparent()
        if parent is not None:
            # keep the text that follows the quote inside the same parent
            # out as well: it belongs to the quote's lines
            node.tail = None
            parent.remove(node)
    lines = []
    for line in html2plaintext(lxml_html.tostring(tree, encoding="unicode")).split(
        "\n"
    ):
        if QUOTE_START.match(line):
            break
        lines.append(line.rstrip())
    return "\n".join(lines).strip()


def is_done_command(text):
    """Whether ``text`` (what the sender wrote) is a command to mark a
    commitment done: a command word alone on its first line."""
    first = (text or "").strip().split("\n", 1)[0]
    return first.strip(" .!").casefold() in DONE_WORDS


def itip_reply(data):
    """``(uid, {attendee address: PARTSTAT})`` of an iTIP METHOD:REPLY
    (``data``, the text of a text/calendar part), or None when ``data`` is no
    reply a calendar client sends."""
    try:
        calendar = vobject.readOne(data)
    except Exception:  # noqa: BLE001 - a malformed part is no answer
        return None
    method = getattr(calendar, "method", None)
    if not method or method.value.upper() != "REPLY":
        return None
    event = getattr(calendar, "vevent", None)
    if event is None or not hasattr(event, "uid"):
        return None
    answers = {}
    for attendee in event.contents.get("attendee", []):
        address = attendee.value.split(":", 1)[-1].strip().lower()
        partstat = (attendee.params.get("PARTSTAT") or [""])[0].upper()
        answers[address] = partstat
    return event.uid.value.strip(), answers

"""Every kind of e-mail the addon sends or triggers, driven on the real
server of test_real_server.py as people do it (JSON-RPC as the web client,
a portal participant's comment as the portal's chatter posts it), and one
check of every address in what leaves the server.

The kinds: invitation, change notice, cancellation, agenda, minutes,
commitment reminders, turn reminders, answers to proposals, the portal's
comment notifications; and the closing report's PDF (printed to be sent).
The only addresses allowed in a mail are the recipient's own and the
municipality's (its e-mail, its catchall, bounce and default sender: the
company's domains).
"""

import re
import time
from datetime import UTC, datetime, timedelta

from realserver import Client

from odoo.addons.kumppanuuspoyta.tests.reading import pdf_text

__all__ = [
    "addresses_in",
    "addon_mails",
    "municipality_addresses",
    "foreign_addresses",
    "large_agenda_and_minutes",
    "more_mails",
    "wait_for_mail",
]

KP = "kumppanuuspoyta"
CHANGED_NAME = "Kahvia ja kohtaamisia: siirretty tapaaminen"
CANCELLED_NAME = "Kahvia ja kohtaamisia: peruttu tapaaminen"
COMMENT = "Sali on varattu, tervetuloa!"
LARGE_HELD_NAME = "Maakunnan hyvinvointipöytä: kevätfoorumi"
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# file names and image sizes written like addresses (logo@2x.png)
NOT_DOMAINS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js"}
# headers that carry message ids (<...@host>), not people
ID_HEADERS = {"message-id", "references", "in-reply-to"}


def _now():
    return datetime.now(UTC).replace(tzinfo=None)


def _stamp(value):
    return value.strftime("%Y-%m-%d %H:%M:%S")


def wait_for_mail(server, admin, before, count, timeout=60):
    """Run the mail queue until ``count`` more messages than ``before``
    arrived (or the time is up); the new messages."""
    mailbox = server["mailbox"]
    deadline = time.monotonic() + timeout
    while True:
        admin.call(
            "ir.cron",
            "method_direct_trigger",
            [admin.ref("mail.ir_cron_mail_scheduler_action")],
        )
        received = mailbox.messages()[before:]
        if len(received) >= count or time.monotonic() > deadline:
            return received
        time.sleep(0.5)


def municipality_addresses(admin):
    """The municipalities' own addresses: (their e-mail, catchall, default
    sender and bounce addresses; the local parts whose ``+`` sub-addresses
    at the alias domain are theirs too, as Odoo's bounce+<id> is)."""
    companies = admin.call(
        "res.company",
        "search_read",
        [],
        ["email", "catchall_email", "bounce_email", "default_from_email"],
    )
    exact, tagged = set(), set()
    for company in companies:
        for key in ("email", "catchall_email", "bounce_email", "default_from_email"):
            if company[key]:
                exact.add(company[key].lower())
                local, domain = company[key].lower().rsplit("@", 1)
                tagged.add((local + "+", domain))
    return exact, tagged


def addon_mails(messages, names):
    """The messages of the addon's records (a table's model in the tracking
    Message-Id Odoo writes, or one of ``names`` in the subject), not Odoo's
    own demo events'."""
    return [
        (rcpt, message)
        for rcpt, message in messages
        if "-kp." in str(message["Message-Id"])
        or any(name in str(message["subject"]) for name in names)
    ]


def _municipal(address, municipality):
    exact, tagged = municipality
    local, domain = address.rsplit("@", 1)
    return address in exact or any(
        local.startswith(prefix) and domain == at for prefix, at in tagged
    )


def _parts(message):
    """Every part of a received message as text: the headers but the
    message ids, the text parts, the calendar files, the PDFs' text."""
    texts = [
        f"{name}: {value}"
        for name, value in message.items()
        if name.lower() not in ID_HEADERS
    ]
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_payload(decode=True) or b""
        if part.get_content_type() == "application/pdf":
            texts.append(pdf_text(content))
        elif part.get_content_maintype() == "text":
            texts.append(content.decode(part.get_content_charset() or "utf-8"))
    # a calendar file folds its long lines
    return "\n".join(texts).replace("\r\n ", "")


def addresses_in(text):
    """The e-mail addresses written in ``text`` (lower case)."""
    return {
        found.lower()
        for found in ADDRESS.findall(text)
        if found.rsplit(".", 1)[-1].lower() not in NOT_DOMAINS
    }


def foreign_addresses(messages, municipality):
    """[(recipient, subject, addresses)] of every message naming an address
    that is neither its recipient's nor the municipality's
    (``municipality_addresses``)."""
    found = []
    for rcpt, message in messages:
        own = {address.lower() for address in rcpt}
        others = sorted(
            address
            for address in addresses_in(_parts(message)) - own
            if not _municipal(address, municipality)
        )
        if others:
            found.append((rcpt, str(message["subject"]), others))
    return found


def _partner_of(admin, address):
    [partner] = admin.call(
        "res.partner", "search_read", [("email", "=", address)], ["id", "parent_id"]
    )
    return partner


def more_mails(server, admin, table_id, people):
    """Change and cancel a meeting, remind of a turn, and comment on a
    commitment from the portal, at the table ``table_id``; ``people`` are
    addresses of its participants (the first is the turn's contact and the
    commitment's responsible, the others follow the commitment). The
    messages received, the closing report's text."""
    before = len(server["mailbox"].messages())
    start = (_now() + timedelta(days=12)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    meetings = {}
    for name in (CHANGED_NAME, CANCELLED_NAME):
        meetings[name] = admin.call(
            "kp.meeting",
            "web_save",
            [],
            {"table_id": table_id, "name": name, "start": _stamp(start)},
            specification={"id": {}},
        )[0]["id"]
    # a new time: the change notice; the other one cancelled
    admin.call(
        "kp.meeting",
        "web_save",
        [meetings[CHANGED_NAME]],
        {"start": _stamp(start + timedelta(days=1, hours=2))},
        specification={"id": {}},
    )
    admin.call("kp.meeting", "action_cancel", [meetings[CANCELLED_NAME]])

    # a turn of the contact's organisation in two days, and its reminder
    contact = _partner_of(admin, people[0])
    organisation = contact["parent_id"][0]
    activity = admin.call(
        "kp.joint.activity",
        "search_read",
        [("table_id", "=", table_id)],
        ["id"],
        limit=1,
    )[0]["id"]
    admin.call(
        "kp.activity.occurrence",
        "create",
        [
            {
                "activity_id": activity,
                "start": _stamp(_now() + timedelta(days=2)),
                "organisation_id": organisation,
                "contact_partner_id": contact["id"],
            }
        ],
    )
    admin.call(
        "ir.cron",
        "method_direct_trigger",
        [admin.ref(f"{KP}.kp_cron_turn_reminders")],
    )

    # a portal participant comments on a commitment of their organisation
    # that other participants follow
    portal = Client(server["url"], server["db"])
    portal.login("pentti", "pentti")
    pentti = admin.call("res.users", "read", [portal.uid], ["partner_id"])[0]
    [pentti_partner] = admin.call(
        "res.partner", "read", [pentti["partner_id"][0]], ["parent_id"]
    )
    commitment = admin.call(
        "kp.commitment",
        "create",
        [
            {
                "table_id": table_id,
                "name": "Varaa sali kahvilalle",
                "organisation_id": pentti_partner["parent_id"][0],
                "responsible_partner_id": pentti["partner_id"][0],
                "deadline": (_now() + timedelta(days=20)).date().isoformat(),
            }
        ],
    )
    commitment_id = commitment[0] if isinstance(commitment, list) else commitment
    followers = [_partner_of(admin, address)["id"] for address in people]
    admin.call(
        "kp.commitment", "message_subscribe", [commitment_id], partner_ids=followers
    )
    portal.rpc(
        "/mail/message/post",
        {
            "thread_model": "kp.commitment",
            "thread_id": commitment_id,
            "post_data": {
                "body": COMMENT,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        },
    )
    received = wait_for_mail(server, admin, before, 1)
    # the queue may hold more than one batch
    time.sleep(1)
    received = wait_for_mail(server, admin, before, len(received) + 1, timeout=3)

    # the closing report, printed to be sent
    response = admin.session.get(
        f"{server['url']}/report/pdf/{KP}.kp_report_closing_table_document/{table_id}",
        timeout=120,
    )
    assert response.headers["Content-Type"] == "application/pdf", response.text[:300]
    return {
        "messages": received,
        "closing_report": pdf_text(response.content),
        "comment_followers": people,
    }


def large_agenda_and_minutes(server, admin, table_id, meeting_id):
    """At a large table (the job's path): send the coming meeting's agenda,
    hold a meeting this morning and distribute its minutes; the messages
    received."""
    before = len(server["mailbox"].messages())
    admin.call(
        "kp.agenda.item",
        "web_save",
        [],
        {"meeting_id": meeting_id, "name": "Syysfoorumin teemat", "duration": 30},
        specification={"id": {}},
    )
    admin.call("kp.meeting", "action_send_agenda", [meeting_id])
    admin.call(
        "ir.cron",
        "method_direct_trigger",
        [admin.ref(f"{KP}.kp_cron_meeting_mails")],
    )
    # the sender sits at the table as its secretary, as in the day's flow
    me = admin.call(
        "kp.participant",
        "create",
        [{"table_id": table_id, "partner_id": _my_partner(admin)}],
    )
    me = me[0] if isinstance(me, list) else me
    held_start = (_now() - timedelta(hours=3)).replace(
        minute=0, second=0, microsecond=0
    )
    held = admin.call(
        "kp.meeting",
        "web_save",
        [],
        {
            "table_id": table_id,
            "name": LARGE_HELD_NAME,
            "start": _stamp(held_start),
            "duration": 1.0,
            "chair_id": me,
            "secretary_id": me,
        },
        specification={"id": {}},
    )[0]["id"]
    admin.call("kp.meeting", "action_held", [held])
    admin.call(
        "kp.agreement",
        "web_save",
        [],
        {"meeting_id": held, "name": "Syysfoorumin teemat sovittiin."},
        specification={"id": {}},
    )
    admin.call("kp.meeting", "action_draft_minutes", [held])
    admin.call("kp.meeting", "action_approve_minutes", [held])
    action = admin.call("kp.meeting", "action_distribute_minutes", [held])
    composer = admin.call(
        "mail.compose.message", "create", [{}], context=action["context"]
    )
    composer = composer[0] if isinstance(composer, list) else composer
    admin.call(
        "mail.compose.message",
        "action_send_mail",
        [composer],
        context=action["context"],
    )
    received = wait_for_mail(server, admin, before, 1)
    time.sleep(1)
    return wait_for_mail(server, admin, before, len(received) + 1, timeout=5)


def _my_partner(admin):
    return admin.call("res.users", "read", [admin.uid], ["partner_id"])[0][
        "partner_id"
    ][0]

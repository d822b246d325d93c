import re
from datetime import date, timedelta
from email.utils import formataddr

from odoo import api, models
from odoo.tools import consteq, email_normalize, email_split
from odoo.tools.mail import unfold_references
from odoo.tools.misc import hmac

from ..tools.replies import is_done_command, itip_reply, unquoted_text

# the scope of the signature (odoo.tools.misc.hmac): a reply token signs
# nothing else
SCOPE = "kumppanuuspoyta.reply"
# what a reply answers: {purpose: (its letter in the token, the model)}
PURPOSES = {
    "meeting": ("m", "kp.meeting"),
    "commitment": ("c", "kp.commitment"),
    "turn": ("t", "kp.activity.occurrence"),
}
LETTERS = {letter: purpose for purpose, (letter, _model) in PURPOSES.items()}
# how long a reply address acts, in days from the mail that carries it
TOKEN_DAYS = 60
# the signature's length in hex digits (80 bits): a local part is at most
# 64 characters and mail servers may change its case, so lower-case hex
SIGNATURE_LENGTH = 20
# catchall+kp-<letter><record>-<person>-<last day>-<signature>@domain
TOKEN = re.compile(
    r"\+kp-(?P<letter>[mct])(?P<res_id>\d{1,12})-(?P<partner_id>\d{1,12})"
    rf"-(?P<expiry>\d{{6,7}})-(?P<signature>[0-9a-f]{{{SIGNATURE_LENGTH}}})$"
)
# what a reply's attachments may weigh together: a larger reply keeps none
MAX_REPLY_ATTACHMENTS = 10 * 1024 * 1024
# automatic replies: out-of-office and vacation notices, by their headers
# (RFC 3834 Auto-Submitted, Microsoft's and others' markers) or subjects
AUTO_HEADERS = ("X-Autoreply", "X-Autorespond")
AUTO_PRECEDENCE = {"auto_reply", "bulk", "junk", "list"}
AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office|"
    r"automaattinen vastaus|poissa toimistolta|automatiskt svar|autosvar|"
    r"frånvaro)\b",
    re.IGNORECASE,
)


class KpMailReply(models.AbstractModel):
    """Replies by e-mail that act (issue 21): a participant answers a
    meeting's e-mail, a commitment reminder or a turn reminder in their own
    mail client, and the reply proposes, reports or confirms through Odoo's
    mail gateway (``mail.thread.message_process``).

    Each such e-mail carries a personal Reply-To, the company's catchall
    with a signed token (``catchall+kp-<token>@<alias domain>``), scoped to
    the person, the record and the purpose, with a last day.
    ``mail.thread.message_route`` (models/mail_thread.py) recognises it and
    routes the reply to the record; ``message_update`` hands it here. What
    a reply may do is decided here (the rules of trust); what it does is in
    kp_mail_reply_actions.py."""

    _name = "kp.mail.reply"
    _description = "Replies by E-mail"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _kp_reply_to(self, record, partner, purpose):
        """The personal Reply-To of ``partner`` for ``record`` (a meeting,
        commitment or turn, by ``purpose``), formatted with the table's
        name; False without an alias domain (Odoo's own Reply-To stays)."""
        address = self._kp_reply_address(record, partner, purpose)
        if not address:
            return False
        return formataddr((record.sudo().table_id.name or "", address))

    @api.model
    def _kp_reply_address(self, record, partner, purpose):
        """``catchall+kp-<token>@<domain>`` of the record's municipality, or
        False when it has no alias domain (or ``partner`` is nobody)."""
        domain = record.sudo().company_id.alias_domain_id
        if not (domain and domain.catchall_alias and partner):
            return False
        token = self._kp_token(record, partner, purpose)
        return f"{domain.catchall_alias}+kp-{token}@{domain.name}"

    @api.model
    def _kp_token(self, record, partner, purpose, expiry=None):
        """The signed token of ``partner`` answering ``record`` for
        ``purpose``, acting until ``expiry`` (a date; default: TOKEN_DAYS
        from the municipality's today)."""
        letter, model = PURPOSES[purpose]
        if record._name != model:
            raise ValueError(f"{purpose} is about {model}, not {record._name}")
        if expiry is None:
            company = record.sudo().company_id or self.env.company
            expiry = company._kp_today() + timedelta(days=TOKEN_DAYS)
        day = expiry.toordinal()
        signature = self._kp_signature(letter, record.id, partner.id, day)
        return f"{letter}{record.id}-{partner.id}-{day}-{signature}"

    @api.model
    def _kp_ticket(self, message, message_dict):
        """What an incoming e-mail is, if it answers one of the addon's
        personal Reply-To addresses with a valid signature: a dict of plain
        values (``purpose``, ``model``, ``res_id``, ``partner_id``,
        ``expired``, ``trusted``, ``auto``, ``malformed``, ``too_large``,
        ``itip``), else None."""
        token = self._kp_find_token(message_dict)
        if not token:
            return None
        owner = self.env["res.partner"].sudo().browse(token["partner_id"]).exists()
        if not owner:
            return None
        expired = date.fromordinal(token["expiry"]) < self.env.company._kp_today()
        return self._kp_ticket_values(message, message_dict, token, owner, expired)

    @api.model
    def _kp_notified_ticket(self, message, message_dict, routes):
        """What an incoming e-mail is when Odoo's own reply routing (its
        References) sends it to a commitment and it says *valmis* / *klar* /
        *done*: the answer to a notification of the commitment (a comment
        its followers got, Reply-To the catchall) acts as an answer to its
        reminder would, under the same rules of trust. The owner is the
        partner that message was notified to whose address the sender's is
        (None: from another address, kept for review); its last day
        TOKEN_DAYS after the message. Any other reply stays Odoo's comment."""
        if len(routes or ()) != 1 or routes[0][0] != "kp.commitment":
            return None
        commitment = self.env["kp.commitment"].sudo().browse(routes[0][1]).exists()
        text = unquoted_text(message_dict.get("body") or "")
        if not commitment or not is_done_command(text):
            return None
        references = unfold_references(message_dict.get("references") or "")
        references += unfold_references(message_dict.get("in_reply_to") or "")
        answered = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("message_id", "in", [ref.strip() for ref in references][-32:]),
                    ("model", "=", commitment._name),
                    ("res_id", "=", commitment.id),
                ]
            )
        )
        if not answered:
            return None
        notified = answered.notification_ids.res_partner_id | answered.partner_ids
        sender = email_normalize(message_dict.get("email_from") or "")
        owner = notified.filtered(lambda p: sender and p.email_normalized == sender)
        table = commitment.table_id
        sent = table._to_local(max(answered.mapped("date"))).date()
        last_day = sent + timedelta(days=TOKEN_DAYS)
        token = {
            "purpose": "commitment",
            "model": commitment._name,
            "res_id": commitment.id,
            "partner_id": owner[:1].id or None,
            "expiry": last_day.toordinal(),
        }
        expired = last_day < table._today()
        return self._kp_ticket_values(message, message_dict, token, owner[:1], expired)

    @api.model
    def _kp_ticket_values(self, message, message_dict, token, owner, expired):
        """The ticket of ``token`` answered by ``owner`` (a partner, or none
        when nobody the mail was for sent it): what the rules of trust read."""
        sender = email_normalize(message_dict.get("email_from") or "")
        return {
            **token,
            "expired": expired,
            # an action only when the sender's address is the token owner's
            "trusted": bool(owner)
            and bool(sender)
            and sender == owner.email_normalized,
            "auto": self._kp_auto_reply(message, message_dict),
            # a damaged e-mail (broken MIME structure or encoding) is read
            # as far as Odoo can, but acts on nothing
            "malformed": any(part.defects for part in message.walk()),
            "too_large": self._kp_attachments_size(message_dict)
            > MAX_REPLY_ATTACHMENTS,
            "itip": self._kp_itip(message),
        }

    @api.model
    def _kp_route(self, ticket):
        """The gateway's route of a reply: the record it answers, or (when
        that record no longer exists) the token owner's contact, so the
        reply is kept where it can be read; the gateway's own user runs it."""
        record = self.env[ticket["model"]].sudo().browse(ticket["res_id"]).exists()
        if not record:
            record = self.env["res.partner"].sudo().browse(ticket["partner_id"])
        return (record._name, record.id, None, self.env.uid, None)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _kp_signature(self, letter, res_id, partner_id, day):
        # odoo.tools.misc.hmac: keyed by the database's secret
        return hmac(self.env(su=True), SCOPE, (letter, res_id, partner_id, day))[
            :SIGNATURE_LENGTH
        ]

    @api.model
    def _kp_find_token(self, message_dict):
        """The first token with a valid signature among the recipients
        (Delivered-To, To, Cc) at one of the database's alias domains."""
        domains = {
            domain.name.lower(): (domain.catchall_alias or "").lower()
            for domain in self.env["mail.alias.domain"].sudo().search([])
        }
        for address in email_split(message_dict.get("recipients") or ""):
            local, _at, domain = address.lower().rpartition("@")
            catchall = domains.get(domain)
            if not catchall or not local.startswith(f"{catchall}+kp-"):
                continue
            found = TOKEN.search(local[len(catchall) :])
            if not found:
                continue
            letter = found["letter"]
            res_id, partner_id = int(found["res_id"]), int(found["partner_id"])
            day = int(found["expiry"])
            expected = self._kp_signature(letter, res_id, partner_id, day)
            if not consteq(found["signature"], expected):
                continue
            purpose = LETTERS[letter]
            return {
                "purpose": purpose,
                "model": PURPOSES[purpose][1],
                "res_id": res_id,
                "partner_id": partner_id,
                "expiry": day,
            }
        return None

    @api.model
    def _kp_attachments_size(self, message_dict):
        """What the attachments of the parsed e-mail weigh together (bytes)."""
        return sum(
            len(attachment[1] or b"")
            for attachment in message_dict.get("attachments") or []
        )

    @api.model
    def _kp_auto_reply(self, message, message_dict):
        """Whether the e-mail was sent by a machine, not a person: an
        out-of-office or another automatic reply (RFC 3834)."""
        submitted = (message.get("Auto-Submitted") or "").strip().lower()
        if submitted and submitted != "no":
            return True
        if any(message.get(header) for header in AUTO_HEADERS):
            return True
        if (message.get("Precedence") or "").strip().lower() in AUTO_PRECEDENCE:
            return True
        return bool(AUTO_SUBJECT.match(message_dict.get("subject") or ""))

    @api.model
    def _kp_itip(self, message):
        """The calendar client's answer in the e-mail, as (uid, {address:
        PARTSTAT}), or None: the first text/calendar part with METHOD:REPLY."""
        for part in message.walk():
            if part.get_content_type() != "text/calendar":
                continue
            try:
                data = part.get_content()
            except (LookupError, ValueError, UnicodeError):
                continue
            if isinstance(data, bytes):
                data = data.decode("utf-8", "replace")
            answer = itip_reply(data)
            if answer:
                return answer
        return None

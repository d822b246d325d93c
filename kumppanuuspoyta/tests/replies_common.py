"""Replies by e-mail as mail clients write them (tests/data/replies/*.eml),
fed through Odoo's real mail gateway exactly as ``odoo-mailgate.py`` does
when a mail server pipes a message to it:
``env['mail.thread'].message_process(False, raw)``."""

import uuid
from datetime import timedelta
from string import Template

from odoo import Command, fields
from odoo.tools import email_split, file_open

from .common import KpMeetingCommon

DATA = "kumppanuuspoyta/tests/data/replies"


class KpRepliesCommon(KpMeetingCommon):
    """The meeting table with its municipality's alias domain (the catchall
    that takes the replies), a convener who is a user, a meeting, a
    commitment of the volunteer's organisation and its turn."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.alias_domain = env["mail.alias.domain"].create(
            {
                "name": "testikunta.example.com",
                "catchall_alias": "kumppanuus",
                "bounce_alias": "palautus",
            }
        )
        cls.table.company_id.alias_domain_id = cls.alias_domain
        cls.user_coordinator.partner_id.email = "kalle@testikunta.example.com"
        # the convener reads Finnish (a database without Finnish installed
        # makes its users English-speaking)
        cls._load_finnish()
        cls.user_coordinator.lang = "fi_FI"
        cls.seat_convener = cls._seat(
            cls.table,
            cls.user_coordinator.partner_id,
            [cls.env.ref("kumppanuuspoyta.kp_role_convener")],
        )
        cls.meeting = cls._meeting(location="Ystäväntupa")
        cls.commitment = env["kp.commitment"].create(
            {
                "table_id": cls.table.id,
                "name": "Kerää yhdistysten uutiset",
                "responsible_partner_id": cls.person_volunteer.id,
                "deadline": cls._today(cls.table) + timedelta(days=2),
            }
        )
        activity = env["kp.joint.activity"].create(
            {
                "name": "Soppaa ja seurustelua",
                "table_id": cls.table.id,
                "place": "Seurakuntatalo",
                "roster_ids": [
                    Command.create({"organisation_id": cls.org_assoc.id, "sequence": 1})
                ],
            }
        )
        cls.turn = env["kp.activity.occurrence"].create(
            {
                "activity_id": activity.id,
                "start": fields.Datetime.now().replace(microsecond=0)
                + timedelta(days=2),
                "organisation_id": cls.org_assoc.id,
            }
        )

    # ------------------------------------------------------------
    # the mails
    # ------------------------------------------------------------

    def _reply_address(self, mail):
        """The address a mail client replies to for ``mail`` (its Reply-To)."""
        [address] = email_split(mail.reply_to)
        return address

    def _address(self, record, partner, purpose):
        return self.env["kp.mail.reply"]._kp_reply_address(record, partner, purpose)

    def _eml(self, name, **values):
        """The .eml fixture ``name`` with its placeholders filled."""
        with file_open(f"{DATA}/{name}", "rb") as handle:
            raw = handle.read().decode()
        defaults = {
            "date": "Mon, 07 Dec 2026 10:15:00 +0200",
            "message_id": f"<{uuid.uuid4().hex}@client.example.org>",
            "sender": self.person_volunteer.email,
            "subject": "Kahvia ja kohtaamisia",
            "references": "<none@example.org>",
            "text": "Valmis",
            "partstat": "ACCEPTED",
            "sequence": "0",
            "uid": self.meeting._kp_ics_uid(),
        }
        return Template(raw).safe_substitute({**defaults, **values}).encode()

    def _process(self, name, **values):
        """Feed the fixture through Odoo's gateway as odoo-mailgate.py does."""
        raw = self._eml(name, **values)
        return self.env["mail.thread"].message_process(False, raw)

    def _sent_to(self, partner, since):
        """The e-mails queued to ``partner`` after the mail.mail id ``since``."""
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("id", ">", since)]
        )

    def _last_mail_id(self):
        return self.env["mail.mail"].search([], order="id desc", limit=1).id or 0

    def _notes(self, record):
        return record.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )

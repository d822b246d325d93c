from odoo.tests import TransactionCase, tagged

from .common import KpPortalFixtures

MUNICIPALITY = "kirjaamo@testikunta.example.com"


@tagged("post_install", "-at_install")
class TestMailSender(KpPortalFixtures, TransactionCase):
    """What a table's records send (a portal participant's comment, a
    coordinator's answer to a proposal, a job's reminder) comes from the
    municipality's address under the writer's name: no one learns another
    participant's own address from the From of a notification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_portal_fixtures()
        cls.env.company.email = MUNICIPALITY
        cls.user_portal.email = "pia.portal@example.com"
        cls.person_volunteer.email = "ville@example.com"
        cls.commitment_mine.message_subscribe(
            partner_ids=(cls.person_official | cls.person_volunteer).ids
        )

    def _mails_to(self, partner, record):
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", partner.ids),
                ("model", "=", record._name),
                ("res_id", "=", record.id),
            ]
        )

    def test_a_portal_comment_shows_the_writer_not_their_address(self):
        # as Odoo's chatter controller posts it (/mail/message/post: the
        # thread in sudo, the portal user as the author)
        thread = self.commitment_mine.with_user(self.user_portal).sudo()
        message = thread.message_post(
            body="Uutiset on kerätty.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # the chatter still names who wrote
        self.assertEqual(message.author_id, self.portal_partner)
        mails = self._mails_to(self.person_official, self.commitment_mine)
        self.assertTrue(mails)
        for mail in mails:
            self.assertIn(MUNICIPALITY, mail.email_from)
            self.assertIn("Pia Portal", mail.email_from)
            # each recipient's copy as it leaves: the official's names no
            # one else
            for outgoing in mail._prepare_outgoing_list():
                if outgoing["partner_id"] != self.person_official:
                    continue
                text = repr(outgoing).lower()
                self.assertNotIn("pia.portal@example.com", text)
                self.assertNotIn("ville@example.com", text)

    def test_a_reminder_comes_from_the_municipality_by_name(self):
        self.commitment_mine.write(
            {
                "responsible_partner_id": self.person_volunteer.id,
                "deadline": self._today(self.table_a),
            }
        )
        self.env["kp.commitment"].with_user(
            self.env.ref("base.user_root")
        )._cron_send_reminders()
        [mail] = self._mails_to(self.person_volunteer, self.commitment_mine)
        self.assertIn(MUNICIPALITY, mail.email_from)
        self.assertIn(self.env.company.name, mail.email_from)
        self.assertNotIn("odoobot", mail.email_from.lower())

    def test_an_incoming_mail_keeps_its_sender(self):
        message = self.commitment_mine.message_post(
            body="Vastaus sähköpostilla",
            message_type="email",
            author_id=self.person_official.id,
            email_from="Virpi Viranhaltija <virpi@example.com>",
        )
        self.assertEqual(message.email_from, "Virpi Viranhaltija <virpi@example.com>")

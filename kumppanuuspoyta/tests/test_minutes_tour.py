from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import KpFixtures

MEETING = "Minuuttikylän kevätkokous"
AGENDA_ITEM = "Kylätalon syystalkoot"
AGREED = "Kylätalon syystalkoot pidetään yhdessä lokakuussa."
WHAT_CITY = "Talkoopäivän ilmoitus kunnan sivuille"
WHAT_ASSOC = "Talkooväen kahvitus"


@tagged("post_install", "-at_install")
class TestMinutesTour(KpFixtures, HttpCase):
    """The secretary records what was agreed and who does what, closes the
    meeting, approves the minutes and distributes them with the PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.org_city = cls._organisation(
            "Minuuttikylän kunta", "kp_sector_municipality"
        )
        cls.org_assoc = cls._organisation(
            "Minuuttikylän kyläyhdistys ry", "kp_sector_association"
        )
        # the city's person is a user who reads mail as e-mail ...
        cls._coordinator_and_official(
            "kp_minutes_tour",
            ("Sari Sihteeri", "sari@example.com"),
            ("Outi Osastopäällikkö", "outi@example.com"),
            cls.org_city,
        )
        # ... the association's person only a contact
        cls.person_volunteer = cls._person(
            "Kalle Kyläläinen", cls.org_assoc, "kalle@example.com"
        )
        cls._tour_table(
            "Minuuttikylän kumppanuuspöytä",
            "secretary",
            # the tour types its deadlines in this zone (TABLE_TZ)
            tz="Europe/Helsinki",
        )
        member = env.ref("kumppanuuspoyta.kp_role_member")
        cls.seat_volunteer = cls._seat(cls.table, cls.person_volunteer, roles=[member])
        # a meeting two days ago, with its agenda, marked held: attendance lines
        start = fields.Datetime.now().replace(
            minute=0, second=0, microsecond=0
        ) - timedelta(days=2)
        cls.meeting = env["kp.meeting"].create(
            {
                "table_id": cls.table.id,
                "name": MEETING,
                "start": start,
                "duration": 1.5,
                "location": "Minuuttikylän kylätalo",
                "chair_id": cls.seat_official.id,
                "secretary_id": cls.seat_coordinator.id,
            }
        )
        cls.agenda_item = env["kp.agenda.item"].create(
            {
                "meeting_id": cls.meeting.id,
                "table_id": cls.table.id,
                "name": AGENDA_ITEM,
                "duration": 30,
                "state": "accepted",
            }
        )
        cls.meeting.action_held()

    def test_record_agreements_approve_and_distribute_minutes(self):
        meeting = self.meeting
        self.assertEqual(meeting.state, "held")
        self.assertEqual(
            meeting.attendance_ids.participant_id,
            self.seat_coordinator | self.seat_official | self.seat_volunteer,
        )
        self.assertFalse(meeting.agreement_ids)

        self.start_tour("/odoo", "kp_minutes_tour", login=self.user_coordinator.login)

        # what was agreed on the agenda item, and who does what
        agreement = meeting.agreement_ids
        self.assertEqual(len(agreement), 1)
        self.assertEqual(agreement.agenda_item_id, self.agenda_item)
        self.assertEqual(agreement.name, AGREED)
        commitments = agreement.commitment_ids
        self.assertEqual(len(commitments), 2)
        self.assertEqual(commitments.organisation_id, self.org_city | self.org_assoc)
        by_org = {c.organisation_id: c for c in commitments}
        city, assoc = by_org[self.org_city], by_org[self.org_assoc]
        self.assertEqual(city.name, WHAT_CITY)
        self.assertEqual(city.responsible_partner_id, self.person_official)
        self.assertEqual(city.responsible_user_id, self.user_official)
        self.assertEqual(assoc.name, WHAT_ASSOC)
        self.assertEqual(assoc.responsible_partner_id, self.person_volunteer)
        self.assertFalse(assoc.responsible_user_id)
        # the table's today, as the tour computes it for the deadlines
        today = self._today(self.table)
        self.assertEqual(city.deadline, today + timedelta(days=14))
        self.assertEqual(assoc.deadline, today + timedelta(days=30))
        for commitment in commitments:
            self.assertEqual(commitment.meeting_id, meeting)
            self.assertEqual(commitment.table_id, self.table)
            self.assertEqual(
                commitment.stage_id,
                self.env.ref("kumppanuuspoyta.kp_commitment_stage_todo"),
            )
            self.assertEqual(commitment.state, "open")
        self.assertEqual(meeting.commitment_ids, commitments)

        # the minutes are approved once and frozen
        minutes = meeting.minutes_ids
        self.assertEqual(len(minutes), 1)
        self.assertEqual(minutes.version, 1)
        self.assertEqual(minutes.approved_by_id, self.user_coordinator)
        self.assertTrue(minutes.approved_date)
        self.assertIn(AGREED, minutes.body)
        self.assertIn(WHAT_CITY, minutes.body)
        self.assertIn(WHAT_ASSOC, minutes.body)
        self.assertEqual(meeting.state, "minutes_distributed")

        # one mail to each participant but the sender, with the minutes
        Mail = self.env["mail.mail"].sudo()
        meeting_mails = Mail.search(
            [("model", "=", "kp.meeting"), ("res_id", "=", meeting.id)]
        )
        for partner in self.person_official | self.person_volunteer:
            with self.subTest(participant=partner.name):
                mails = meeting_mails.filtered(
                    lambda m, p=partner: p in m.recipient_ids
                )
                self.assertEqual(len(mails), 1, mails.mapped("subject"))
                self.assertIn(MEETING, mails.subject)
                self.assertEqual(mails.state, "outgoing")
                self.assertEqual(mails.author_id, self.user_coordinator.partner_id)
                # the minutes report is attached (under tests Odoo renders it
                # as HTML; test_minutes checks the real PDF bytes)
                self.assertEqual(len(mails.attachment_ids), 1)
                # named after the table and the date, nothing a file system
                # refuses (issue 10, finding 8)
                name = mails.attachment_ids.name
                self.assertIn("Minuuttikylän kumppanuuspöytä", name)
                self.assertNotIn(":", name)
        self.assertNotIn(self.user_coordinator.partner_id, meeting_mails.recipient_ids)

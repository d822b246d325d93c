from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import KpFixtures

# The agenda mail's subject, in English or in Finnish.
AGENDA_SUBJECT_PREFIXES = ("Agenda:", "Asialista:")


@tagged("post_install", "-at_install")
class TestMeetingTour(KpFixtures, HttpCase):
    """A coordinator plans a meeting in the browser, accepts a proposal into
    its agenda and sends the agenda; the attendees and the proposer get mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.org_city = cls._organisation("Testikaupunki", "kp_sector_municipality")
        cls.org_villages = cls._organisation(
            "Testikylien yhdistys ry", "kp_sector_association"
        )
        # a city official who is a user ...
        cls._coordinator_and_official(
            "kp_meeting_tour",
            ("Kaisa Koollekutsuja", "kaisa@example.com"),
            ("Virpi Viranhaltija", "virpi@example.com"),
            cls.org_city,
        )
        # ... and a villager who is only a contact, reading Finnish
        cls._load_finnish()
        cls.person_villager = cls._person(
            "Ville Vapaaehtoinen",
            cls.org_villages,
            "ville@example.com",
            lang="fi_FI",
        )
        cls.person_invited = cls._person(
            "Riitta Kutsuttu", cls.org_villages, "riitta@example.com"
        )
        cls._tour_table(
            "Testikylän kumppanuuspöytä",
            "chair",
            standing_item_ids=[
                Command.create(
                    {"name": "Kokouksen avaus", "duration": 5, "sequence": 1}
                )
            ],
        )
        member = env.ref("kumppanuuspoyta.kp_role_member")
        cls.seat_villager = cls._seat(cls.table, cls.person_villager, roles=[member])
        # invited, not yet participating: not an attendee
        cls.seat_invited = cls._seat(
            cls.table, cls.person_invited, roles=[member], state="invited"
        )
        cls.proposal = env["kp.agenda.item"].create(
            {
                "table_id": cls.table.id,
                "name": "Kylätien talvikunnossapito",
                "description": "Aurauksen ja hiekoituksen vastuut kylätiellä.",
                "proposer_id": cls.seat_villager.id,
                "source": "village",
                "source_name": "Haapakoski",
                "duration": 20,
            }
        )

    def test_plan_meeting_accept_proposal_send_agenda(self):
        self.assertEqual(self.proposal.state, "proposed")
        self.assertFalse(self.proposal.meeting_id)
        self.assertEqual(self.table.proposal_count, 1)
        expected_start = self.table.with_user(
            self.user_coordinator
        )._next_meeting_start()

        self.start_tour("/odoo", "kp_meeting_tour", login=self.user_coordinator.login)

        # the meeting, on the calendar with the table's active participants
        meeting = self.env["kp.meeting"].search([("table_id", "=", self.table.id)])
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.name, self.table.name)
        self.assertEqual(meeting.create_uid, self.user_coordinator)
        self.assertEqual(meeting.start, expected_start)
        self.assertGreater(meeting.start, fields.Datetime.now())
        self.assertEqual(meeting.duration, 1.5)
        self.assertEqual(meeting.location, "Haapakosken kylätalo")
        self.assertEqual(meeting.chair_id, self.seat_coordinator)
        event = meeting.event_id
        self.assertTrue(event)
        self.assertEqual(event.location, "Haapakosken kylätalo")
        self.assertEqual(event.start, meeting.start)
        self.assertEqual(event.res_model, "kp.meeting")
        self.assertEqual(event.res_id, meeting.id)
        active_partners = self.table.participant_ids.filtered(
            lambda p: p.state == "active"
        ).partner_id
        self.assertEqual(event.partner_ids, active_partners)
        self.assertEqual(
            event.partner_ids,
            self.user_coordinator.partner_id
            | self.person_official
            | self.person_villager,
        )
        self.assertNotIn(self.person_invited, event.partner_ids)

        # the proposal is on the meeting's agenda, after the standing item
        self.assertEqual(self.proposal.state, "accepted")
        self.assertEqual(self.proposal.meeting_id, meeting)
        self.assertEqual(
            meeting.agenda_item_ids.mapped("name"),
            ["Kokouksen avaus", "Kylätien talvikunnossapito"],
        )
        self.assertEqual(self.table.proposal_count, 0)

        # the agenda is sent
        self.assertEqual(meeting.state, "agenda_sent")
        self.assertTrue(meeting.agenda_sent_date)
        self.assertEqual(meeting.agenda_sent_digest, meeting.agenda_digest)

        # one agenda mail queued to each attendee other than the sender
        # (Odoo's calendar never mails the user who sends)
        Mail = self.env["mail.mail"].sudo()
        for partner in self.person_official | self.person_villager:
            with self.subTest(attendee=partner.name):
                mails = Mail.search(
                    [
                        ("model", "=", "calendar.event"),
                        ("res_id", "=", event.id),
                        ("recipient_ids", "in", partner.ids),
                    ]
                ).filtered(
                    lambda m: (m.subject or "").startswith(AGENDA_SUBJECT_PREFIXES)
                )
                self.assertEqual(len(mails), 1, mails.mapped("subject"))
                self.assertIn(meeting.name, mails.subject)
                self.assertEqual(mails.state, "outgoing")
                self.assertIn("Kylätien talvikunnossapito", mails.body_html)
                self.assertIn("Kokouksen avaus", mails.body_html)
                self.assertIn("Haapakosken kylätalo", mails.body_html)
                self.assertIn(
                    "invitation.ics",
                    mails.mail_message_id.attachment_ids.mapped("name"),
                )
        # the invited person gets no agenda
        self.assertFalse(
            Mail.search(
                [
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                    ("recipient_ids", "in", self.person_invited.ids),
                ]
            )
        )

        # the proposer is told that the proposal is on the agenda
        notices = Mail.search(
            [
                ("model", "=", "kp.agenda.item"),
                ("res_id", "=", self.proposal.id),
                ("recipient_ids", "in", self.person_villager.ids),
            ]
        )
        self.assertEqual(len(notices), 1)
        self.assertIn("Kylätien talvikunnossapito", notices.subject)
        self.assertIn(meeting.name, notices.body_html)
        self.assertEqual(notices.state, "outgoing")

        # the chatter keeps the agenda that was sent
        self.assertTrue(
            meeting.message_ids.filtered(
                lambda m: (
                    "Kylätien talvikunnossapito" in (m.body or "")
                    and m.author_id == self.user_coordinator.partner_id
                )
            )
        )

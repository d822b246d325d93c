from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import KpMeetingCommon


@tagged("post_install", "-at_install")
class TestAgenda(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_official.lang = "fi_FI"
        cls.person_volunteer.tz = "Europe/Helsinki"

    def _agenda_meeting(self, **vals):
        meeting = self._meeting(
            # Tuesday 11 June 2030 at 9.00 in Helsinki (UTC+3); pytz knows
            # no summer time after 2037
            start=datetime(2030, 6, 11, 6, 0),
            location="Keuruun kirjasto, kokoushuone",
            videocall_location="https://meet.example.com/keuruu",
            chair_id=self.seat_official.id,
            **vals,
        )
        self.env["kp.agenda.item"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "Kahvia ja kohtaamisia: kevään vastuujärjestöt",
                    "duration": 30,
                    "sequence": 1,
                },
                {
                    "meeting_id": meeting.id,
                    "name": "Kunnantiedote jokaiseen kotiin",
                    "source": "department",
                    "source_name": "Hyvinvointipalvelut",
                    "case_number": "KEU/123/2099",
                    "duration": 20,
                    "sequence": 2,
                },
            ]
        )
        return meeting

    @freeze_time("2030-06-01 08:00:00")
    def test_send_agenda(self):
        meeting = self._agenda_meeting()
        self.assertEqual(meeting.agenda_minutes, 50)
        self.assertFalse(meeting.agenda_over_time)
        invitations = {p: len(self._invitations(p)) for p in self.emailed}
        meeting.action_send_agenda()
        self.assertEqual(meeting.state, "agenda_sent")
        for partner in self.emailed:
            mails = self._mails(partner, "Kahvia ja kohtaamisia").filtered(
                lambda m: "Kunnantiedote" in m.body_html
            )
            self.assertEqual(len(mails), 1, partner.name)
            body = mails.body_html
            for text in (
                "Kahvia ja kohtaamisia: kevään vastuujärjestöt",
                "Kunnantiedote jokaiseen kotiin",
                "Hyvinvointipalvelut",
                "KEU/123/2099",
                "Europe/Helsinki",
                "Keuruun kirjasto, kokoushuone",
                "https://meet.example.com/keuruu",
                self.person_official.name,
            ):
                self.assertIn(text, body, partner.name)
            if partner.lang == "fi_FI":
                # the Finnish template, with the meeting's time as Finnish
                # writes it (one format: kp.table._format_meeting_time)
                self.assertIn("ti 11.6.2030 klo 9.00–10.30", body)
                self.assertIn("Hei ", body)
                self.assertIn("<strong>Aika:</strong>", body)
                self.assertTrue(mails.subject.startswith("Asialista: "))
            else:
                self.assertIn("Tue, Jun 11, 2030, 09:00–10:30", body)
                self.assertIn("<strong>Time:</strong>", body)
                self.assertTrue(mails.subject.startswith("Agenda: "))
        # the chatter keeps what was sent
        message = meeting.message_ids.filtered(lambda m: "Agenda sent" in m.body)
        self.assertEqual(len(message), 1)
        self.assertIn("Kunnantiedote jokaiseen kotiin", message.body)

        with self.assertRaisesRegex(UserError, "already sent"):
            meeting.action_send_agenda()
        meeting.agenda_item_ids[1].name = "Paperinen kunnantiedote jokaiseen kotiin"
        meeting.action_send_agenda()
        for partner in self.emailed:
            mails = self._mails(partner, "Kahvia ja kohtaamisia").filtered(
                lambda m: (
                    "Kunnantiedote" in m.body_html or "kunnantiedote" in m.body_html
                )
            )
            self.assertEqual(len(mails), 2, partner.name)
            self.assertIn("Paperinen kunnantiedote", mails[0].body_html)
            self.assertIn(
                "Asialista on muuttunut"
                if partner.lang == "fi_FI"
                else "The agenda has changed",
                mails[0].body_html,
            )
            self.assertEqual(
                len(self._invitations(partner)),
                invitations[partner] + 2,
                "each agenda carries the .ics, but no new invitation is sent",
            )
            self.assertFalse(self._mails(partner, "Invitation to")[1:])
        with self.assertRaisesRegex(UserError, "already sent"):
            meeting.action_send_agenda()

    def test_agenda_over_time_and_empty_agenda(self):
        meeting = self._meeting(duration=1.0)
        with self.assertRaisesRegex(UserError, "agenda is empty"):
            meeting.action_send_agenda()
        self.env["kp.agenda.item"].create(
            [
                {"meeting_id": meeting.id, "name": f"Asia {n}", "duration": 25}
                for n in range(3)
            ]
        )
        self.assertEqual(meeting.agenda_minutes, 75)
        self.assertTrue(meeting.agenda_over_time)

    def test_proposal_accepted_notifies_the_contact(self):
        meeting = self._meeting()
        proposal = self.env["kp.agenda.item"].create(
            {
                "table_id": self.table.id,
                "name": "Hyvinvointituvan aukioloajat",
                "proposer_id": self.seat_volunteer.id,
                "source": "village",
                "source_name": "Jäppilä",
            }
        )
        self.assertEqual(proposal.state, "proposed")
        self.assertFalse(proposal.meeting_id)
        self.assertEqual(self.table.proposal_count, 1)
        proposal.action_accept(meeting)
        self.assertEqual(proposal.state, "accepted")
        self.assertIn(proposal, meeting.agenda_item_ids)
        mails = self._mails(self.person_volunteer, "Your agenda proposal")
        self.assertEqual(len(mails), 1)
        self.assertIn("is on the agenda", mails.body_html)

    def test_proposer_is_told_in_their_own_language(self):
        meeting = self._meeting()
        proposal = self.env["kp.agenda.item"].create(
            {
                "table_id": self.table.id,
                "name": "Kirjaston lukupiiri",
                "proposer_id": self.seat_official.id,  # speaks Finnish
            }
        )
        proposal.with_context(lang="en_US").action_accept(meeting)
        mails = self._mails(self.person_official, "Asialistaehdotuksesi")
        self.assertEqual(len(mails), 1)
        self.assertIn("on tapaamisen", mails.body_html)
        self.assertNotIn("is on the agenda", mails.body_html)

    def test_proposal_declined_with_a_reason(self):
        proposal = self.env["kp.agenda.item"].create(
            {
                "table_id": self.table.id,
                "name": "Uusi liikuntasali",
                "proposer_id": self.seat_volunteer.id,
            }
        )
        with self.assertRaisesRegex(UserError, "why the proposal is declined"):
            proposal.action_decline("  ")
        wizard_form = Form(
            self.env["kp.agenda.decline.wizard"].with_context(
                active_model="kp.agenda.item", active_ids=proposal.ids
            )
        )
        with self.assertRaises(AssertionError):
            wizard_form.save()  # the reason is required
        wizard_form.reason = "Ei kuulu pöydän teemaan."
        wizard_form.save().action_decline()
        self.assertEqual(proposal.state, "declined")
        self.assertEqual(proposal.decline_reason, "Ei kuulu pöydän teemaan.")
        # declining is the answer "not taken", with the reason
        self.assertEqual(proposal.answer, "not_taken")
        mails = self._mails(self.person_volunteer, "What became of your proposal")
        self.assertEqual(len(mails), 1)
        self.assertIn("Ei kuulu pöydän teemaan.", mails.body_html)

    def test_proposal_bad_inputs(self):
        meeting = self._meeting()
        proposal = self.env["kp.agenda.item"].create(
            {"table_id": self.table.id, "name": "Ehdotus"}
        )
        with self.assertRaisesRegex(UserError, "Choose the meeting"):
            proposal.action_accept()
        meeting.action_cancel()
        with self.assertRaisesRegex(UserError, "only to planned meetings"):
            proposal.action_accept(meeting)
        with self.assertRaises(ValidationError):
            self.env["kp.agenda.item"].create(
                {"meeting_id": meeting.id, "name": "Peruttuun kokoukseen"}
            )
        with self.assertRaisesRegex(ValidationError, "between 0 and 480 minutes"):
            self.env["kp.agenda.item"].create(
                {"table_id": self.table.id, "name": "Negatiivinen", "duration": -5}
            )
        other = self._table("Toinen pöytä")
        stranger = self._seat(other, self.person_resident)
        with self.assertRaisesRegex(ValidationError, "does not sit at the table"):
            proposal.proposer_id = stranger

    @freeze_time("2030-01-05 08:00:00")
    def test_send_agenda_in_winter(self):
        # Monday 14 January 2030 at 17.30 in Helsinki (UTC+2)
        meeting = self._meeting(start=datetime(2030, 1, 14, 15, 30))
        self.env["kp.agenda.item"].create({"meeting_id": meeting.id, "name": "Avaus"})
        meeting.action_send_agenda()
        body = self._mails(self.person_official, "Asialista").body_html
        self.assertIn("ma 14.1.2030 klo 17.30", body)

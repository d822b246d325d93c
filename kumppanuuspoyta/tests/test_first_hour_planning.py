"""What new users hit in their first hour (issue 10): meetings that cannot
be told apart by name (finding 5) and the first meeting proposed on New
Year's Day, by a button on an empty table, chaired by someone only invited
(finding 10)."""

from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged

from ..tools.calendar import finnish_public_holidays, is_working_day
from .common import KpMeetingCommon


@tagged("post_install", "-at_install")
class TestMeetingNames(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fi_FI")
        # the municipality speaks Finnish: its calendar events are named so
        cls.table.company_id.partner_id.lang = "fi_FI"
        cls.fi = cls.env["kp.meeting"].with_context(lang="fi_FI")
        cls.en = cls.env["kp.meeting"].with_context(lang="en_US")

    def test_meetings_of_a_table_are_told_apart_by_their_date(self):
        # 12 March 2027 at 10:00 in Helsinki
        meeting = self.fi.create(
            {"table_id": self.table.id, "start": datetime(2027, 3, 12, 8, 0)}
        )
        self.assertEqual(meeting.name, self.table.name)
        self.assertEqual(meeting.display_name, "Kahvia ja kohtaamisia 12.3.2027")
        self.assertEqual(
            self.en.browse(meeting.id).display_name,
            "Kahvia ja kohtaamisia Mar 12, 2027",
            "in the reader's language",
        )
        other = self.fi.create(
            {"table_id": self.table.id, "start": datetime(2027, 4, 9, 7, 0)}
        )
        self.assertEqual(other.display_name, "Kahvia ja kohtaamisia 9.4.2027")
        # the proposal's meeting picker
        picked = dict(self.fi.name_search("Kahvia ja kohtaamisia"))
        self.assertEqual(picked[other.id], "Kahvia ja kohtaamisia 9.4.2027")
        self.assertEqual(picked[meeting.id], "Kahvia ja kohtaamisia 12.3.2027")

    # before the meeting of 12 March 2027: invitations go to coming meetings
    # only, so the test does not expire with the date
    @freeze_time("2027-01-15 10:00:00")
    def test_the_ics_and_the_subjects_carry_the_date(self):
        meeting = self.fi.create(
            {"table_id": self.table.id, "start": datetime(2027, 3, 12, 8, 0)}
        )
        invitation = self._invitations(self.person_official)
        self.assertEqual(len(invitation), 1)
        ics = invitation.attachment_ids.filtered(lambda a: a.name == "invitation.ics")
        self.assertIn(b"SUMMARY:Kahvia ja kohtaamisia 12.3.2027", ics.raw)
        # Odoo's own invitation and its calendar name the meeting with its date
        self.assertIn("Kahvia ja kohtaamisia 12.3.2027", invitation.subject)
        self.assertEqual(meeting.event_id.name, "Kahvia ja kohtaamisia 12.3.2027")
        self.env["kp.agenda.item"].create({"meeting_id": meeting.id, "name": "Avaus"})
        meeting.action_send_agenda()
        (agenda,) = self._mails(self.person_official, "Agenda: ")
        self.assertIn("Mar 12, 2027", agenda.subject, "in the reader's language")
        # moved: the calendar file follows
        meeting.start = datetime(2027, 3, 19, 8, 0)
        self.assertIn(b"SUMMARY:Kahvia ja kohtaamisia 19.3.2027", meeting._kp_ics())
        self.assertEqual(meeting.name, self.table.name)
        self.assertEqual(meeting.event_id.name, "Kahvia ja kohtaamisia 19.3.2027")
        # the mail about the new time already carries the new date
        (moved,) = self._mails(self.person_official, "Changed: ")
        self.assertIn("Kahvia ja kohtaamisia 19.3.2027", moved.subject)
        self.assertIn(
            b"SUMMARY:Kahvia ja kohtaamisia 19.3.2027", moved.attachment_ids.raw
        )
        # a new name keeps the date; moved in Odoo's own calendar, it follows
        meeting.name = "Kevään suunnittelu"
        self.assertEqual(meeting.event_id.name, "Kevään suunnittelu 19.3.2027")
        meeting.event_id.sudo().start = datetime(2027, 3, 26, 8, 0)
        self.assertEqual(meeting.event_id.name, "Kevään suunnittelu 26.3.2027")
        self.assertEqual(meeting.display_name, "Kevään suunnittelu 26.3.2027")

    def test_the_date_is_the_tables_local_date(self):
        # 23:30 UTC on 12 March is 01:30 on 13 March in Helsinki ...
        meeting = self.fi.create(
            {"table_id": self.table.id, "start": datetime(2027, 3, 12, 23, 30)}
        )
        self.assertEqual(meeting.display_name, "Kahvia ja kohtaamisia 13.3.2027")
        # ... and still 12 March in New York
        new_york = self._table("New Yorkin pöytä", tz="America/New_York")
        self._seat(new_york, self.person_official)
        meeting = self.fi.create(
            {"table_id": new_york.id, "start": datetime(2027, 3, 12, 23, 30)}
        )
        self.assertEqual(meeting.display_name, "New Yorkin pöytä 12.3.2027")

    def test_a_typed_name_is_kept(self):
        meeting = self.fi.create(
            {
                "table_id": self.table.id,
                "name": "Kevään suunnittelu",
                "start": datetime(2027, 3, 12, 8, 0),
            }
        )
        self.assertEqual(meeting.name, "Kevään suunnittelu")
        self.assertEqual(meeting.display_name, "Kevään suunnittelu 12.3.2027")
        meeting.name = "Suunnittelu 12.3.2027"
        self.assertEqual(meeting.display_name, "Suunnittelu 12.3.2027")


@tagged("post_install", "-at_install")
class TestPlanningProposals(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_table = cls._table("Uusi pöytä", cadence="monthly")

    def _proposed_day(self, table):
        context = table.action_plan_next_meeting()["context"]
        start = fields.Datetime.to_datetime(context["default_start"])
        return table._to_local(start)

    def test_finnish_public_holidays(self):
        holidays = finnish_public_holidays(2027)
        for day in (
            date(2027, 1, 1),  # New Year's Day
            date(2027, 1, 6),  # Epiphany
            date(2027, 3, 26),  # Good Friday
            date(2027, 3, 29),  # Easter Monday
            date(2027, 5, 1),
            date(2027, 5, 6),  # Ascension Day
            date(2027, 6, 25),  # Midsummer Eve
            date(2027, 6, 26),  # Midsummer Day
            date(2027, 11, 6),  # All Saints' Day
            date(2027, 12, 6),
            date(2027, 12, 24),
            date(2027, 12, 25),
            date(2027, 12, 26),
        ):
            with self.subTest(day=day):
                self.assertIn(day, holidays)
                self.assertFalse(is_working_day(day))
        self.assertTrue(is_working_day(date(2027, 1, 4)))
        self.assertFalse(is_working_day(date(2027, 1, 9)), "a Saturday")

    @freeze_time("2026-12-01 10:00:00")
    def test_the_first_meeting_is_not_on_new_years_day(self):
        self._seat(self.new_table, self.person_official, [self.role_chair])
        proposed = self._proposed_day(self.new_table)
        # 1 January 2027 is a Friday and a holiday: the next working day
        self.assertEqual(proposed, datetime(2027, 1, 4, 9, 0))

    @freeze_time("2027-05-20 10:00:00")
    def test_no_meeting_on_midsummer_eve(self):
        self._seat(self.new_table, self.person_official, [self.role_chair])
        self._meeting(self.new_table, start=datetime(2027, 5, 25, 6, 0))
        # a month later is Friday 25 June 2027, Midsummer Eve
        self.assertEqual(
            self._proposed_day(self.new_table), datetime(2027, 6, 28, 9, 0)
        )

    def test_the_button_needs_a_saved_table_with_joined_participants(self):
        form = Form(self.env["kp.table"])
        form.name = "Tallentamaton pöytä"
        self.assertFalse(form.can_plan_meeting)
        self.assertFalse(self.new_table.can_plan_meeting)
        with self.assertRaisesRegex(UserError, "No one has joined"):
            self.new_table.action_plan_next_meeting()
        invited = self._seat(self.new_table, self.person_official, state="invited")
        self.assertFalse(self.new_table.can_plan_meeting)
        invited.state = "active"
        self.assertTrue(self.new_table.can_plan_meeting)
        self.assertTrue(self.new_table.action_plan_next_meeting())
        self.new_table.action_end()
        self.assertFalse(self.new_table.can_plan_meeting)
        arch = self.env.ref("kumppanuuspoyta.kp_table_view_form").arch
        self.assertIn('invisible="not can_plan_meeting"', arch)

    def test_only_joined_participants_are_proposed_to_lead(self):
        self._seat(
            self.new_table,
            self.person_official,
            [self.role_chair, self.role_secretary],
            state="invited",
        )
        self._seat(self.new_table, self.person_volunteer, [self.role_member])
        context = self.new_table.action_plan_next_meeting()["context"]
        self.assertFalse(context["default_chair_id"])
        self.assertFalse(context["default_secretary_id"])
        joined_chair = self._seat(
            self.new_table, self.person_resident, [self.role_chair]
        )
        context = self.new_table.action_plan_next_meeting()["context"]
        self.assertEqual(context["default_chair_id"], joined_chair.id)

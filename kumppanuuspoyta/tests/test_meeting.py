from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import KpMeetingCommon


@tagged("post_install", "-at_install")
class TestMeeting(KpMeetingCommon):
    def test_invitations_to_every_attendee_with_ics(self):
        meeting = self._meeting(location="Kirjaston kokoushuone")
        self.assertEqual(meeting.name, self.table.name)
        self.assertEqual(meeting.duration, self.table.default_duration)
        self.assertEqual(
            meeting.event_id.partner_ids,
            self.emailed | self.user_participant.partner_id,
        )
        self.assertEqual(meeting.event_id.privacy, "private")
        self.assertEqual(meeting.event_id.res_model, "kp.meeting")
        self.assertEqual(meeting.event_id.res_id, meeting.id)
        self.assertEqual(meeting.event_id.kp_meeting_id, meeting)
        for partner in self.emailed:
            mails = self._mails(partner, "Invitation to")
            self.assertEqual(len(mails), 1, partner.name)
            self.assertEqual(
                mails.attachment_ids.mapped("name"), ["invitation.ics"], partner.name
            )
        self.assertFalse(self.person_official.user_ids, "a contact, not a user")

    def test_reply_shows_on_the_meeting(self):
        meeting = self._meeting()
        replies = meeting.attendee_ids
        self.assertEqual(set(replies.mapped("state")), {"needsAction"})
        official = replies.filtered(lambda a: a.partner_id == self.person_official)
        volunteer = replies.filtered(lambda a: a.partner_id == self.person_volunteer)
        official.do_accept()
        volunteer.do_decline()
        meeting.invalidate_recordset()
        states = {a.partner_id: a.state for a in meeting.attendee_ids}
        self.assertEqual(states[self.person_official], "accepted")
        self.assertEqual(states[self.person_volunteer], "declined")
        self.assertEqual(states[self.user_participant.partner_id], "needsAction")

    def test_reschedule_notifies_once(self):
        meeting = self._meeting()
        new_start = meeting.start + timedelta(days=2, hours=1)
        before = {p: len(self._mails(p)) for p in self.emailed}
        meeting.write({"start": new_start})
        self.assertEqual(meeting.event_id.start, new_start)
        self.assertEqual(meeting.stop, new_start + timedelta(hours=1.5))
        for partner in self.emailed:
            # the meeting's change notice, not Odoo's "Date updated"
            self.assertEqual(len(self._mails(partner, "Changed: ")), 1, partner.name)
            self.assertFalse(self._mails(partner, "Date updated"), partner.name)
            self.assertEqual(len(self._mails(partner)), before[partner] + 1)
            self.assertEqual(len(self._invitations(partner)), 2, partner.name)
        # a new start and length together still make one notification
        meeting.write({"start": new_start + timedelta(days=1), "duration": 1.0})
        self.assertEqual(meeting.stop, new_start + timedelta(days=1, hours=1))
        for partner in self.emailed:
            self.assertEqual(len(self._mails(partner, "Changed: ")), 2, partner.name)

    def test_cancel_notifies_and_keeps_history(self):
        meeting = self._meeting()
        item = self.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Kevään vastuujärjestöt"}
        )
        meeting.cancel_reason = "Puheenjohtaja sairastui"
        before = {p: len(self._mails(p)) for p in self.emailed}
        meeting.action_cancel()
        self.assertEqual(meeting.state, "cancelled")
        self.assertFalse(meeting.event_id.active)
        for partner in self.emailed:
            mails = self._mails(partner, "Cancelled:")
            self.assertEqual(len(mails), 1, partner.name)
            self.assertIn("Puheenjohtaja sairastui", mails.body_html)
            self.assertEqual(len(self._mails(partner)), before[partner] + 1)
        meeting.invalidate_recordset()
        self.assertEqual(meeting.agenda_item_ids, item)
        self.assertTrue(meeting.exists())
        self.assertIn(meeting, self.table.meeting_ids)
        with self.assertRaises(UserError):
            meeting.unlink()
        with self.assertRaises(UserError):
            meeting.action_cancel()

    def test_attendance_per_organisation(self):
        past = fields.Datetime.now() - timedelta(hours=3)
        meeting = self._meeting(start=past.replace(microsecond=0))
        other_official = self.env["res.partner"].create(
            {"name": "Olli Opettaja", "parent_id": self.org_city.id}
        )
        self._seat(self.table, other_official)
        self._seat(self.table, self.person_resident, state="invited")
        with self.assertRaises(UserError):
            self._meeting().action_held()
        meeting.action_held()
        self.assertEqual(meeting.state, "held")
        lines = meeting.attendance_ids
        self.assertEqual(
            lines.participant_id.partner_id,
            self.emailed | other_official,
            "one line per active participant, not for the invited",
        )
        by_partner = {line.partner_id: line for line in lines}
        by_partner[self.person_volunteer].status = "excused"
        by_partner[self.user_participant.partner_id].status = "absent"
        groups = dict(
            (org, (count, present))
            for org, count, present in self.env["kp.attendance"]._read_group(
                [("meeting_id", "=", meeting.id)],
                ["organisation_id"],
                ["__count", "present_count:sum"],
            )
        )
        self.assertEqual(groups[self.org_city], (2, 2))
        self.assertEqual(groups[self.org_assoc], (1, 0))
        self.assertEqual(groups[self.env["res.partner"]], (1, 0))
        self.assertEqual(meeting.present_count, 2)
        self.assertEqual(meeting.present_organisation_count, 1)
        # marking it held again does not duplicate the lines
        with self.assertRaises(UserError):
            meeting.action_held()

    def test_joining_and_leaving_update_the_attendees(self):
        meeting = self._meeting()
        past = self._meeting(start=fields.Datetime.now() - timedelta(days=1))
        newcomer = self.env["res.partner"].create(
            {"name": "Sanna Seurakunta", "email": "sanna@example.com"}
        )
        seat = self._seat(self.table, newcomer)
        self.assertIn(newcomer, meeting.event_id.partner_ids)
        self.assertNotIn(
            newcomer, past.event_id.partner_ids, "the past stays as it was"
        )
        self.assertEqual(len(self._invitations(newcomer)), 1)
        invited = self._seat(self.table, self.person_resident, state="invited")
        self.assertNotIn(self.person_resident, meeting.event_id.partner_ids)
        invited.action_join()
        self.assertIn(self.person_resident, meeting.event_id.partner_ids)
        seat.action_leave()
        self.seat_volunteer.action_leave()
        self.assertNotIn(newcomer, meeting.event_id.partner_ids)
        self.assertNotIn(self.person_volunteer, meeting.event_id.partner_ids)
        self.assertIn(self.person_volunteer, past.event_id.partner_ids)
        meeting.action_cancel()
        self._seat(self.table, self.user_coordinator.partner_id)
        self.assertNotIn(self.user_coordinator.partner_id, meeting.event_id.partner_ids)

    @freeze_time("2030-05-02 10:00:00")
    def test_plan_next_meeting_from_cadence(self):
        # 6 May 2030 at 9.00 in Helsinki (UTC+3)
        last = self._meeting(
            start=datetime(2030, 5, 6, 6, 0),
            chair_id=self.seat_official.id,
            secretary_id=self.seat_volunteer.id,
            location="Ystäväntupa",
        )
        action = self.table.action_plan_next_meeting()
        context = action["context"]
        self.assertEqual(
            fields.Datetime.to_datetime(context["default_start"]),
            last.start + relativedelta(months=1),
        )
        self.assertEqual(context["default_chair_id"], self.seat_official.id)
        self.assertEqual(context["default_secretary_id"], self.seat_volunteer.id)
        nxt = self.env["kp.meeting"].with_context(**context).create({})
        self.assertEqual(nxt.start, datetime(2030, 6, 6, 6, 0))
        self.assertEqual(nxt.table_id, self.table)
        self.assertEqual(nxt.chair_id, self.seat_official)
        self.assertEqual(nxt.secretary_id, self.seat_volunteer)
        self.assertEqual(nxt.location, "Ystäväntupa")
        self.assertEqual(nxt.duration, 1.5)
        self.table.cadence = "quarterly"
        context = self.table.action_plan_next_meeting()["context"]
        self.assertEqual(
            fields.Datetime.to_datetime(context["default_start"]),
            datetime(2030, 9, 6, 6, 0),
        )

    @freeze_time("2030-02-20 10:00:00")
    def test_plan_next_meeting_keeps_local_time_across_summer_time(self):
        self.env.user.tz = "Europe/Helsinki"
        # 12 March 2030 at 9.00 in Helsinki is 7.00 UTC (winter time, UTC+2)
        self._meeting(start=datetime(2030, 3, 12, 7, 0))
        context = self.table.action_plan_next_meeting()["context"]
        # 12 April 2030 at 9.00 in Helsinki is 6.00 UTC (summer time, UTC+3)
        self.assertEqual(
            fields.Datetime.to_datetime(context["default_start"]),
            datetime(2030, 4, 12, 6, 0),
        )

    def test_standing_items_on_every_new_meeting(self):
        self.env["kp.standing.item"].create(
            [
                {"table_id": self.table.id, "name": "Avaus", "sequence": 1},
                {"table_id": self.table.id, "name": "Seuraava kokous", "sequence": 99},
            ]
        )
        first = self._meeting()
        second = self._meeting(start=self._start(days=30))
        for meeting in first | second:
            self.assertEqual(
                meeting.agenda_item_ids.mapped("name"), ["Avaus", "Seuraava kokous"]
            )
            self.assertEqual(set(meeting.agenda_item_ids.mapped("state")), {"accepted"})
            self.assertEqual(meeting.agenda_minutes, 10)

    def test_bad_inputs_refused(self):
        with self.assertRaisesRegex(ValidationError, "more than 0 and at most 8 hours"):
            self._meeting(duration=0)
        with self.assertRaisesRegex(ValidationError, "more than 0 and at most 8 hours"):
            self._meeting(duration=8.5)
        meeting = self._meeting()
        with self.assertRaisesRegex(ValidationError, "more than 0 and at most 8 hours"):
            meeting.duration = -1
        with self.assertRaisesRegex(ValidationError, "A meeting needs a start time"):
            self.env["kp.meeting"].create({"table_id": self.table.id})
        other_table = self._table("Toinen pöytä")
        stranger = self._seat(other_table, self.person_resident)
        with self.assertRaisesRegex(
            ValidationError, "must be a participant of the table"
        ):
            meeting.chair_id = stranger
        self.seat_volunteer.action_leave()
        with self.assertRaisesRegex(
            ValidationError, "must be a participant of the table"
        ):
            meeting.secretary_id = self.seat_volunteer
        with self.assertRaisesRegex(UserError, "cannot move to another table"):
            meeting.table_id = other_table
        other_table.action_end()
        with self.assertRaisesRegex(ValidationError, "has ended or is archived"):
            self._meeting(other_table)
        with self.assertRaisesRegex(ValidationError, "has ended or is archived"):
            other_table.action_plan_next_meeting()
        archived = self._table("Arkistoitu pöytä", active=False)
        with self.assertRaisesRegex(ValidationError, "has ended or is archived"):
            self._meeting(archived)

    def test_bad_inputs_in_finnish(self):
        fi = self.env["kp.meeting"].with_context(lang="fi_FI")
        with self.assertRaises(ValidationError) as caught:
            fi.create(
                {"table_id": self.table.id, "start": self._start(), "duration": 9}
            )
        translated = (
            self.env["kp.meeting"]
            .with_context(lang="fi_FI")
            .env._("A meeting must last more than 0 and at most %(max)s hours.", max=8)
        )
        self.assertEqual(str(caught.exception), translated)

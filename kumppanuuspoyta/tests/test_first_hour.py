"""What new users hit in their first hour (issue: every role on every
screen), where the fix lives in the meeting itself."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KpMeetingCommon


@tagged("post_install", "-at_install")
class TestFirstHour(KpMeetingCommon):
    def test_an_end_is_taken_alike_on_create_and_write(self):
        start = self._start()
        Meeting = self.env["kp.meeting"]
        values = {"table_id": self.table.id, "start": start}
        with self.assertRaises(ValidationError) as created:
            Meeting.create({**values, "stop": start - timedelta(hours=1)})
        meeting = Meeting.create({**values, "stop": start + timedelta(hours=2)})
        self.assertEqual(meeting.duration, 2)
        self.assertEqual(meeting.stop, start + timedelta(hours=2))
        self.assertEqual(meeting.event_id.stop, start + timedelta(hours=2))
        with self.assertRaises(ValidationError) as written:
            meeting.write({"stop": start - timedelta(hours=1)})
        self.assertEqual(created.exception.args, written.exception.args)
        self.assertIn("must last more than 0", created.exception.args[0])
        self.assertEqual(meeting.duration, 2)

    def test_planning_from_the_table_leaves_no_activity_behind(self):
        Activity = self.env["mail.activity"]
        before = Activity.search_count([])
        action = self.table.with_user(self.user_coordinator)
        self._seat(self.table, self.user_coordinator.partner_id, [self.role_convener])
        plan = action.action_plan_next_meeting()
        context = {
            **plan["context"],
            "active_model": "kp.table",
            "active_id": self.table.id,
            "active_ids": self.table.ids,
        }
        form = Form(
            self.env["kp.meeting"]  # pylint: disable=context-overridden
            .with_user(self.user_coordinator)
            .with_context(**context)
        )
        meeting = form.save()
        self.assertEqual(meeting.event_id.res_model, "kp.meeting")
        self.assertEqual(meeting.event_id.res_id, meeting.id)
        self.assertFalse(
            Activity.search([("res_model", "=", "kp.table")]),
            "no Meeting activity on the table for whoever planned it",
        )
        self.assertEqual(Activity.search_count([]), before)

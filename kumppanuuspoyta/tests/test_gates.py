"""One gate per state machine: a button is shown exactly when pressing it
succeeds, and a refusal reads the same from a button and from an edit."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KpMinutesCommon

# the meeting form's buttons: the field that shows each, and what pressing does
MEETING_BUTTONS = {
    "can_send_agenda": lambda m: m.action_send_agenda(),
    "can_mark_held": lambda m: m.action_held(),
    "can_cancel": lambda m: m.action_cancel(),
    "can_draft_minutes": lambda m: m.action_draft_minutes(),
    "can_approve_minutes": lambda m: m.action_approve_minutes(),
    "can_correct_minutes": lambda m: m.action_correct_minutes("Nimi väärin."),
    "can_distribute_minutes": lambda m: m.action_distribute_minutes(),
}


@tagged("post_install", "-at_install")
class TestGates(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        commitment = {
            "name": "Varaa sali",
            "organisation_id": cls.org_assoc.id,
            "responsible_partner_id": cls.person_volunteer.id,
            "deadline": cls._today(cls.table) + timedelta(days=30),
        }
        coming = cls._meeting(name="Tuleva")
        cls.env["kp.agenda.item"].create({"meeting_id": coming.id, "name": "Kohta"})
        started = cls._meeting(name="Alkanut", start=cls._past())
        cls.env["kp.agenda.item"].create({"meeting_id": started.id, "name": "Kohta"})
        held = cls._held_meeting(items=["Kohta"])
        agreed = cls._held_meeting(items=["Kohta"])
        cls._agree(agreed, "Sovittiin.", agreed.agenda_item_ids, [commitment])
        drafted = cls._held_meeting(items=["Kohta"])
        cls._agree(drafted, "Sovittiin.", drafted.agenda_item_ids, [commitment])
        drafted.action_draft_minutes()
        approved = cls._approved_meeting()
        distributed = cls._approved_meeting()
        distributed.write({"state": "minutes_distributed"})
        cancelled = cls._meeting(name="Peruttu")
        cancelled.action_cancel()
        cls.meetings = (
            coming | started | held | agreed | drafted | approved | distributed
        ) | cancelled
        cls.users = {
            "participant": cls.user_participant,
            "secretary": cls.user_coordinator,
            "convener": cls.user_convener,
            "manager": cls.user_manager,
        }

    def _press(self, press, record):
        """Whether pressing succeeds; nothing of it is kept."""
        try:
            with self.env.cr.savepoint():
                press(record)
                record.env.flush_all()
                raise _Pressed
        except _Pressed:
            return True
        except (UserError, AccessError):
            return False

    def _assert_shown_iff_pressable(self, records, users, buttons):
        """For each record, user and button: the field that shows the button
        is true exactly when pressing it succeeds. Returns what was shown."""
        shown = []
        for record in records:
            for user in users:
                as_user = record.with_user(user)
                for field, press in buttons.items():
                    visible = as_user[field]
                    shown.append(visible)
                    self.assertEqual(
                        visible,
                        self._press(press, as_user),
                        f"{field} of {record.display_name} ({record.state}) "
                        f"for {user.name}",
                    )
                    as_user.invalidate_recordset()
        return shown

    def test_meeting_buttons_follow_the_gate(self):
        shown = self._assert_shown_iff_pressable(
            self.meetings, self.users.values(), MEETING_BUTTONS
        )
        # the check saw buttons shown and hidden, not only one kind
        self.assertGreater(sum(shown), 10)
        self.assertLess(sum(shown), len(shown) / 2)

    def test_refusal_reads_the_same_from_button_and_edit(self):
        coming = self.meetings.filtered(lambda m: m.name == "Tuleva")
        as_secretary = coming.with_user(self.user_coordinator)
        with self.assertRaises(UserError) as button:
            as_secretary.action_held()
        with self.assertRaises(UserError) as edit:
            as_secretary.write({"state": "held"})
        self.assertEqual(button.exception.args, edit.exception.args)
        self.assertIn("has not started", button.exception.args[0])
        approved = self.meetings.filtered(lambda m: m.state == "minutes_approved")[:1]
        with self.assertRaises(UserError) as edit:
            approved.with_user(self.user_coordinator).write({"state": "held"})
        self.assertIn("Approved minutes do not change", edit.exception.args[0])

    def test_proposal_buttons_follow_the_gate(self):
        meeting = self.meetings.filtered(lambda m: m.name == "Tuleva")
        proposals = self.env["kp.agenda.item"].create(
            [
                {"table_id": self.table.id, "name": "Ilman tapaamista"},
                {
                    "table_id": self.table.id,
                    "name": "Tapaamiseen",
                    "meeting_id": meeting.id,
                    "state": "proposed",
                },
            ]
        )
        accepted = meeting.agenda_item_ids[:1]
        buttons = {
            "can_accept": lambda item: item.action_accept(),
            "can_decline": lambda item: item.action_decline("Ei nyt."),
        }
        shown = self._assert_shown_iff_pressable(
            proposals | accepted, self.users.values(), buttons
        )
        self.assertEqual(set(shown), {True, False})

    def test_commitment_fields_follow_the_gate(self):
        agreed = self.meetings.filtered(
            lambda m: m.state == "held" and m.commitment_ids
        )
        commitment = agreed.commitment_ids
        owner = self.env["res.users"].create(
            {
                "name": "Olga Omistaja",
                "login": "kp_gate_owner",
                "partner_id": self.person_volunteer.id,
                "group_ids": [(4, self.env.ref("kumppanuuspoyta.group_kp_user").id)],
            }
        )
        checks = {
            "can_update_stage": lambda c: c.write({"stage_id": self.stage_progress.id}),
            "can_manage": lambda c: c.write({"name": "Varaa iso sali"}),
        }
        shown = self._assert_shown_iff_pressable(
            commitment, (owner, self.user_participant, self.user_coordinator), checks
        )
        self.assertEqual(set(shown), {True, False})


class _Pressed(Exception):
    """Leaves the savepoint after a press that succeeded."""

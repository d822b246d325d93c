from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KpMinutesCommon


@tagged("post_install", "-at_install")
class TestNothingIsLost(KpMinutesCommon):
    """Agreements and commitments outlive deletions attempted, people leaving
    and contacts being archived."""

    def setUp(self):
        super().setUp()
        self.meeting = self._approved_meeting()
        self.commitment = self.meeting.commitment_ids

    def test_commitments_are_archived_not_deleted(self):
        commitment = self.commitment
        with self.assertRaises(AccessError):
            commitment.with_user(self.user_manager).unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            commitment.unlink()
        commitment.with_user(self.user_manager).action_archive()
        self.assertFalse(commitment.active)
        self.assertFalse(self.env["kp.commitment"].search([("id", "=", commitment.id)]))
        archived = (
            self.env["kp.commitment"]
            .with_context(active_test=False)
            .search([("id", "=", commitment.id)])
        )
        self.assertEqual(archived.name, "Varaa Ystäväntupa")

    def test_participant_with_history_is_not_deleted(self):
        # the meeting's secretary attended and is named in the minutes
        with self.assertRaisesRegex(UserError, "mark them as left or archive"):
            self.seat_coordinator.unlink()
        self.assertTrue(self.seat_coordinator.exists())
        # a seat without any history may go
        newcomer = self._seat(
            self.table,
            self.env["res.partner"].create({"name": "Uusi tulokas"}),
            state="invited",
        )
        newcomer.unlink()
        self.assertFalse(newcomer.exists())

    def test_leaving_and_archived_contacts_keep_agreements(self):
        body = self.meeting.minutes_ids.body
        self.seat_volunteer.action_leave()
        self.person_volunteer.action_archive()
        self.env.invalidate_all()
        commitment = self.commitment.with_user(self.user_participant)
        self.assertEqual(commitment.responsible_partner_id, self.person_volunteer)
        self.assertEqual(
            commitment.responsible_partner_id.display_name,
            self.person_volunteer.display_name,
        )
        self.assertEqual(
            commitment.agreement_id.name, "Sydänyhdistys vastaa huhtikuun kerrasta."
        )
        self.assertIn(self.seat_volunteer, self.table.participant_ids)
        self.assertEqual(self.meeting.minutes_ids.body, body)
        self.assertIn("Varaa Ystäväntupa", self.meeting.minutes_ids.body)

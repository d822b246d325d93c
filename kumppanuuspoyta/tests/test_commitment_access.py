from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KpMinutesCommon


@tagged("post_install", "-at_install")
class TestCommitmentAccess(KpMinutesCommon):
    """Agreements, commitments and minutes are seen and managed as their
    tables are; owners move their own commitments along."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the participant user sits for the association
        cls.user_participant.partner_id.parent_id = cls.org_assoc
        cls.meeting = cls._held_meeting(items=["Hyvinvointitupa"])
        cls.agreement = cls._agree(
            cls.meeting,
            "Hyvinvointitupa avataan syksyllä.",
            cls.meeting.agenda_item_ids,
            [
                {
                    "name": "Etsi tilat",
                    "organisation_id": cls.org_city.id,
                    "responsible_partner_id": cls.person_official.id,
                    "deadline": date(2031, 1, 31),
                },
                {
                    "name": "Kysy vapaaehtoisia",
                    "organisation_id": cls.org_assoc.id,
                    "responsible_partner_id": cls.person_volunteer.id,
                },
                {
                    "name": "Tee ilmoitus",
                    "organisation_id": cls.org_city.id,
                    "responsible_partner_id": cls.user_participant.partner_id.id,
                },
            ],
        )
        cls.c_city, cls.c_assoc, cls.c_mine = cls.agreement.commitment_ids.sorted("id")
        # a table the participant does not sit at, and another municipality
        cls.table_b = cls._table("Pöytä B", state="active")
        cls._seat(cls.table_b, cls.person_official)
        cls.c_b = cls.env["kp.commitment"].create(
            {
                "table_id": cls.table_b.id,
                "name": "Esteettömyyskartoitus",
                "organisation_id": cls.org_city.id,
            }
        )
        cls._setup_other_company()
        cls.c_other = cls.env["kp.commitment"].create(
            {
                "table_id": cls.table_other.id,
                "name": "Toisen kunnan toimenpide",
                "organisation_id": cls.org_city.id,
            }
        )
        cls.all_commitments = cls.agreement.commitment_ids | cls.c_b | cls.c_other

    def _visible(self, user, model="kp.commitment"):
        return self.env[model].with_user(user).search([])

    def test_participant_sees_and_moves_their_own(self):
        user = self.user_participant
        visible = self._visible(user) & self.all_commitments
        self.assertEqual(visible, self.agreement.commitment_ids)
        self.assertEqual(self._visible(user, "kp.agreement"), self.agreement)
        # the organisation's and their own
        self.c_assoc.with_user(user).write({"stage_id": self.stage_progress.id})
        self.c_mine.with_user(user).write({"stage_id": self.stage_done.id})
        self.assertEqual(self.c_assoc.stage_id, self.stage_progress)
        self.assertEqual(self.c_mine.state, "done")
        # not another organisation's
        with self.assertRaises(AccessError):
            self.c_city.with_user(user).write({"stage_id": self.stage_done.id})
        # not what was committed: the form shows it read-only to them
        self.assertFalse(self.c_assoc.with_user(user).can_manage)
        self.assertTrue(self.c_assoc.with_user(self.user_coordinator).can_manage)
        with self.assertRaises(AccessError):
            self.c_assoc.with_user(user).write({"name": "Jotain muuta"})
        with self.assertRaises(AccessError):
            self.c_assoc.with_user(user).write({"organisation_id": self.org_city.id})
        with self.assertRaises(AccessError):
            self.c_b.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["kp.agreement"].with_user(user).create(
                {"meeting_id": self.meeting.id, "name": "Osallistuja sopii"}
            )
        with self.assertRaises(AccessError):
            self.env["kp.commitment"].with_user(user).create(
                {
                    "table_id": self.table.id,
                    "name": "Osallistujan oma",
                    "organisation_id": self.org_assoc.id,
                }
            )
        with self.assertRaises(AccessError):
            self.agreement.with_user(user).write({"name": "Muutettu"})

    def test_coordinator_records_and_secretary_approves(self):
        coordinator = self.user_coordinator  # the meeting's secretary
        agreement = (
            self.env["kp.agreement"]
            .with_user(coordinator)
            .create({"meeting_id": self.meeting.id, "name": "Seuraava kokous"})
        )
        commitment = (
            self.env["kp.commitment"]
            .with_user(coordinator)
            .create(
                {
                    "agreement_id": agreement.id,
                    "name": "Kutsu seurakunta",
                    "organisation_id": self.org_city.id,
                }
            )
        )
        self.assertEqual(commitment.table_id, self.table)
        commitment.with_user(coordinator).deadline = date(2031, 2, 1)
        # the convener coordinates too, but chairs nor records this meeting
        convener = self.user_convener
        self.env["kp.agreement"].with_user(convener).create(
            {"meeting_id": self.meeting.id, "name": "Koollekutsujan kirjaama"}
        )
        self.meeting.with_user(coordinator).action_draft_minutes()
        with self.assertRaisesRegex(UserError, "Only the chair or the secretary"):
            self.meeting.with_user(convener).action_approve_minutes()
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_participant).action_approve_minutes()
        self.assertEqual(self.meeting.state, "minutes_draft")
        self.meeting.with_user(coordinator).action_approve_minutes()
        self.assertEqual(self.meeting.state, "minutes_approved")
        with self.assertRaisesRegex(UserError, "Only the chair or the secretary"):
            self.meeting.with_user(convener).action_correct_minutes("Väärin")
        # a manager approves any meeting of the municipality
        self.meeting.with_user(self.user_manager).action_correct_minutes("Korjaus")
        self.meeting.with_user(self.user_manager).action_approve_minutes()
        self.assertEqual(self.meeting.minutes_version, 2)
        self.assertEqual(
            self.meeting.minutes_ids.approved_by_id,
            self.user_coordinator | self.user_manager,
        )
        # participants read the minutes
        minutes = self._visible(self.user_participant, "kp.minutes")
        self.assertEqual(minutes, self.meeting.minutes_ids)

    def test_coordinator_of_another_table(self):
        table_c = self._table("Pöytä C", state="active")
        self._seat(table_c, self.user_convener.partner_id, [self.role_convener])
        meeting_c = self._meeting(table_c)
        with self.assertRaises(AccessError):
            self.env["kp.agreement"].with_user(self.user_coordinator).create(
                {"meeting_id": meeting_c.id, "name": "Ei oma pöytä"}
            )
        with self.assertRaises(AccessError):
            self.env["kp.commitment"].with_user(self.user_coordinator).create(
                {
                    "table_id": table_c.id,
                    "name": "Ei oma pöytä",
                    "organisation_id": self.org_city.id,
                }
            )

    def test_other_company_sees_none(self):
        self.assertEqual(
            self._visible(self.user_other) & self.all_commitments, self.c_other
        )
        self.assertFalse(self._visible(self.user_other, "kp.agreement"))
        self.assertFalse(self._visible(self.user_other, "kp.minutes"))
        with self.assertRaises(AccessError):
            self.c_city.with_user(self.user_other).read(["name"])
        visible = self._visible(self.user_manager) & self.all_commitments
        self.assertEqual(visible, self.all_commitments - self.c_other)

    def test_organisation_smart_button(self):
        city = self.org_city.with_user(self.user_manager)
        self.assertEqual(city.kp_commitment_count, 3, "across its tables")
        action = city.action_view_kp_commitments()
        found = (
            self.env["kp.commitment"]
            .with_user(self.user_manager)
            .search(action["domain"])
        )
        self.assertEqual(found, self.c_city | self.c_mine | self.c_b)
        self.assertEqual(action["context"]["default_organisation_id"], city.id)
        self.assertEqual(self.org_assoc.kp_commitment_count, 1)

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KpCommon


@tagged("post_install", "-at_install")
class TestAccess(KpCommon):
    """Each internal role, and another company's user, sees exactly what they may."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the participant user sits at table A; the coordinator convenes table B
        cls.table_a = cls._table("Pöytä A")
        cls.table_b = cls._table("Pöytä B")
        cls.table_c = cls._table("Pöytä C")
        cls._seat(cls.table_a, cls.user_participant.partner_id, roles=[cls.role_member])
        cls._seat(cls.table_a, cls.user_coordinator.partner_id, roles=[cls.role_member])
        cls._seat(
            cls.table_b, cls.user_coordinator.partner_id, roles=[cls.role_convener]
        )
        cls._seat(cls.table_c, cls.person_official)
        cls._setup_other_company()
        cls.ours = cls.table_a | cls.table_b | cls.table_c | cls.table_other

    def _visible(self, user):
        return (
            self.env["kp.table"].with_user(user).search([("id", "in", self.ours.ids)])
        )

    def test_participant_sees_only_tables_they_sit_at(self):
        self.assertEqual(self._visible(self.user_participant), self.table_a)
        Participant = self.env["kp.participant"].with_user(self.user_participant)
        seats = Participant.search([("table_id", "in", self.ours.ids)])
        self.assertEqual(seats.table_id, self.table_a)
        with self.assertRaises(AccessError):
            self.table_a.with_user(self.user_participant).write({"goal": "x"})
        with self.assertRaises(AccessError):
            self.table_c.with_user(self.user_participant).read(["name"])
        with self.assertRaises(AccessError):
            self.env["kp.table"].with_user(self.user_participant).create(
                {"name": "Oma"}
            )

    def test_participant_who_left_no_longer_sees_the_table(self):
        seat = self.table_a.participant_ids.filtered(
            lambda p: p.partner_id == self.user_participant.partner_id
        )
        seat.action_leave()
        self.assertFalse(self._visible(self.user_participant))

    def test_coordinator_manages_tables_they_coordinate(self):
        self.assertEqual(
            self._visible(self.user_coordinator), self.table_a | self.table_b
        )
        as_coord = self.table_b.with_user(self.user_coordinator)
        as_coord.write({"goal": "Yhteinen tavoite"})
        self.env["kp.participant"].with_user(self.user_coordinator).create(
            {"table_id": self.table_b.id, "partner_id": self.person_volunteer.id}
        )
        self.assertEqual(self.table_b.participant_count, 2)
        # a member, not a coordinator, at table A
        with self.assertRaises(AccessError):
            self.table_a.with_user(self.user_coordinator).write({"goal": "x"})
        with self.assertRaises(AccessError):
            self.env["kp.participant"].with_user(self.user_coordinator).create(
                {"table_id": self.table_a.id, "partner_id": self.person_volunteer.id}
            )
        with self.assertRaises(AccessError):
            as_coord.unlink()

    def test_coordinator_founds_a_table_and_convenes_it(self):
        table = (
            self.env["kp.table"]
            .with_user(self.user_coordinator)
            .create({"name": "Uusi pöytä"})
        )
        self.assertEqual(
            table.participant_ids.partner_id, self.user_coordinator.partner_id
        )
        self.assertEqual(table.participant_ids.role_ids, self.role_convener)
        table.write({"goal": "Hyvinvointitupa"})
        self.assertIn(
            table,
            self._visible(self.user_coordinator)
            | table.with_user(self.user_coordinator).search([("id", "=", table.id)]),
        )

    def test_manager_sees_all_tables_of_their_company(self):
        self.assertEqual(
            self._visible(self.user_manager), self.table_a | self.table_b | self.table_c
        )
        self.table_c.with_user(self.user_manager).write({"goal": "x"})
        empty = (
            self.env["kp.table"].with_user(self.user_manager).create({"name": "Tyhjä"})
        )
        self.assertFalse(empty.participant_ids, "a manager is not seated automatically")
        empty.unlink()
        with self.assertRaises(UserError):
            self.table_c.with_user(self.user_manager).unlink()

    def test_other_company_sees_none_of_ours(self):
        self.assertEqual(self._visible(self.user_other), self.table_other)
        with self.assertRaises(AccessError):
            self.table_a.with_user(self.user_other).read(["name"])
        seats = (
            self.env["kp.participant"]
            .with_user(self.user_other)
            .search([("table_id", "in", self.ours.ids)])
        )
        self.assertFalse(seats)

    def test_internal_user_without_group_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.env["kp.table"].with_user(self.user_internal).search([])

    def test_configuration_is_for_managers(self):
        sector = self.env["kp.sector"]
        self.assertTrue(sector.with_user(self.user_participant).search([]))
        with self.assertRaises(AccessError):
            sector.with_user(self.user_coordinator).create({"name": "Uusi sektori"})
        sector.with_user(self.user_manager).create({"name": "Uusi sektori"})

from odoo.tests import new_test_user, tagged

from .common import KpHttpCase


@tagged("post_install", "-at_install")
class TestTour(KpHttpCase):
    """A coordinator founds a table in the browser and seats two organisations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_coordinator = new_test_user(
            env,
            "kp_tour_coordinator",
            groups="kumppanuuspoyta.group_kp_coordinator",
            name="Kalle Coordinator",
        )

    def test_coordinator_founds_table(self):
        self.start_tour("/odoo", "kp_table_tour", login=self.user_coordinator.login)

        table = self.env["kp.table"].search([("name", "=", "Tour Partnership Table")])
        self.assertEqual(len(table), 1)
        self.assertEqual(table.kind, "regional")
        self.assertEqual(table.create_uid, self.user_coordinator)
        self.assertEqual(
            table.participant_ids.partner_id,
            self.user_coordinator.partner_id
            | self.person_official
            | self.person_volunteer,
        )
        self.assertEqual(
            table.participant_ids.filtered(
                lambda p: p.partner_id in (self.person_official | self.person_volunteer)
            ).organisation_id,
            self.org_city | self.org_assoc,
        )
        self.assertEqual(
            table.represented_sector_ids,
            self.sector_municipality | self.sector_association,
        )
        self.assertFalse(table.invited_sector_ids)
        convener = table.participant_ids.filtered(
            lambda p: p.partner_id == self.user_coordinator.partner_id
        )
        self.assertEqual(convener.role_ids, self.role_convener)
        self.assertEqual(convener.user_id, self.user_coordinator)
        self.assertTrue(convener.coordinates)
        self.assertEqual(convener.state, "active")
        # The coordinator still manages the table after the tour.
        table_as_coordinator = table.with_user(self.user_coordinator)
        table_as_coordinator.check_access("write")

from odoo import Command
from odoo.tests import tagged

from .common import KpCommon


@tagged("post_install", "-at_install")
class TestRequiredRoles(KpCommon):
    """A Pieksämäki regional table always has its umbrella association
    representative, a key city official and the village ombudsman."""

    def setUp(self):
        super().setUp()
        self.role_umbrella = self.env.ref(
            "kumppanuuspoyta.kp_role_umbrella_association"
        )
        self.role_official = self.env.ref("kumppanuuspoyta.kp_role_city_official")
        self.table = self._table(
            "Virtasalmen kumppanuuspöytä",
            kind="regional",
            required_role_ids=[
                Command.set(
                    (self.role_umbrella | self.role_official | self.role_ombudsman).ids
                )
            ],
        )

    def test_warning_appears_and_clears(self):
        table = self.table
        self.assertEqual(
            table.missing_role_ids,
            self.role_umbrella | self.role_official | self.role_ombudsman,
        )
        self._seat(table, self.person_volunteer, roles=[self.role_umbrella])
        official = self._seat(table, self.person_official, roles=[self.role_official])
        self.assertEqual(table.missing_role_ids, self.role_ombudsman)
        ombudsman = self._seat(table, self.person_resident, roles=[self.role_ombudsman])
        self.assertFalse(table.missing_role_ids)
        # the city official leaves: the warning is back
        official.action_leave()
        self.assertEqual(table.missing_role_ids, self.role_official)
        # an invited ombudsman does not fill the role until they join
        ombudsman.action_leave()
        invited = self._seat(
            table,
            self.env["res.partner"].create({"name": "Uusi kyläasiamies"}),
            roles=[self.role_ombudsman],
            state="invited",
        )
        self.assertIn(self.role_ombudsman, table.missing_role_ids)
        invited.action_join()
        self.assertNotIn(self.role_ombudsman, table.missing_role_ids)

    def test_form_and_kanban_show_the_warning(self):
        form = self.env["kp.table"].get_view(view_type="form")["arch"]
        self.assertIn("o_kp_missing_roles", form)
        kanban = self.env["kp.table"].get_view(view_type="kanban")["arch"]
        self.assertIn("o_kp_missing_roles_marker", kanban)
        # the kanban card reads the missing roles of each table in one go
        other = self._table("Toinen")
        tables = self.table | other
        data = tables.web_read({"missing_role_ids": {"fields": {"display_name": {}}}})
        self.assertEqual(len(data[0]["missing_role_ids"]), 3)
        self.assertEqual(data[1]["missing_role_ids"], [])

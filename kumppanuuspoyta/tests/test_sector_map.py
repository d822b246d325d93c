from odoo.tests import tagged

from .common import KpCommon


@tagged("post_install", "-at_install")
class TestSectorMap(KpCommon):
    def _status(self, table, sector):
        return table._sector_status(sector)

    def test_statuses_follow_participants(self):
        table = self._table()
        parish = self.sector_parish
        self.assertEqual(self._status(table, self.sector_municipality), "missing")
        official = self._seat(table, self.person_official)
        self.assertEqual(self._status(table, self.sector_municipality), "represented")
        volunteer = self._seat(table, self.person_volunteer, state="invited")
        self.assertEqual(self._status(table, self.sector_association), "invited")
        self.assertEqual(self._status(table, parish), "missing")
        volunteer.action_join()
        self.assertEqual(self._status(table, self.sector_association), "represented")
        official.action_leave()
        self.assertEqual(self._status(table, self.sector_municipality), "missing")
        total = self.env["kp.sector"].search_count([])
        self.assertEqual(table.sector_coverage, round(100 / total))

    def test_map_shows_each_sector_as_a_seat(self):
        table = self._table()
        self._seat(table, self.person_official)
        self._seat(table, self.person_volunteer, state="invited")
        html = str(table.sector_map)
        sectors = self.env["kp.sector"].search([])
        self.assertEqual(html.count('class="o_kp_seat '), len(sectors))
        self.assertIn(
            f'o_kp_seat_represented" data-sector-id="{self.sector_municipality.id}"',
            html,
        )
        self.assertIn(
            f'o_kp_seat_invited" data-sector-id="{self.sector_association.id}"', html
        )
        self.assertIn(
            f'o_kp_seat_missing" data-sector-id="{self.sector_parish.id}"', html
        )
        self.assertIn("Represented: <b>1</b>", html)
        self.assertIn("Invited: <b>1</b>", html)
        self.assertIn(f"Missing: <b>{len(sectors) - 2}</b>", html)

    def test_map_escapes_names(self):
        # table names are plain text (refused with markup, see
        # test_bad_input); a sector's name is shown escaped
        self.env["kp.sector"].create({"name": "<script>alert(1)</script>"})
        html = str(self._table().sector_map)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_search_tables_missing_a_sector(self):
        with_parish = self._table("Seurakunta mukana")
        without_parish = self._table("Ilman seurakuntaa")
        parish_org = self.env["res.partner"].create(
            {
                "name": "Testin seurakunta",
                "is_company": True,
                "kp_sector_id": self.sector_parish.id,
            }
        )
        vicar = self.env["res.partner"].create(
            {"name": "Kirkkoherra", "parent_id": parish_org.id}
        )
        self._seat(with_parish, vicar)
        tables = with_parish | without_parish
        missing = self.env["kp.table"].search(
            [
                ("id", "in", tables.ids),
                ("missing_sector_ids", "in", self.sector_parish.ids),
            ]
        )
        self.assertEqual(missing, without_parish)
        not_missing = self.env["kp.table"].search(
            [
                ("id", "in", tables.ids),
                ("missing_sector_ids", "not in", self.sector_parish.ids),
            ]
        )
        self.assertEqual(not_missing, with_parish)

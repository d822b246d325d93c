"""Hot paths cost the same number of queries whatever the number of records
(issue: a table of a thousand)."""

from odoo import Command
from odoo.tests import tagged

from .common import KpCommon

# the tables kanban as the web client reads it (views/kp_table_views.xml)
TABLE_KANBAN_SPEC = {
    "name": {},
    "kind": {},
    "area": {},
    "color": {},
    "state": {},
    "participant_count": {},
    "organisation_count": {},
    "sector_coverage": {},
    "missing_role_ids": {"fields": {"display_name": {}}},
    "represented_sector_ids": {"fields": {"display_name": {}}},
    "invited_sector_ids": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestSpeed(KpCommon):
    def _grow_tables(self, count):
        """Tables with three people each, of two organisations and roles, and
        a required role that one of them has."""
        start = self.env["kp.table"].search_count([])
        for index in range(count):
            self._table(
                f"Nopeuspöytä {start + index}",
                required_role_ids=[
                    Command.set((self.role_chair | self.role_ombudsman).ids)
                ],
                participant_ids=[
                    Command.create(
                        {"partner_id": partner.id, "role_ids": [Command.set(roles.ids)]}
                    )
                    for partner, roles in (
                        (self.person_official, self.role_chair),
                        (self.person_volunteer, self.role_member),
                        (self.user_manager.partner_id, self.role_convener),
                    )
                ],
            )

    def test_tables_kanban_is_flat(self):
        Table = self.env["kp.table"].with_user(self.user_manager)
        queries = []
        for size in (5, 50):
            self._grow_tables(size)
            domain = [("name", "like", "Nopeuspöytä")]
            # warm the caches (rules, fields, the sector list)
            Table.web_search_read(domain, TABLE_KANBAN_SPEC)
            self.env.invalidate_all()
            Table.web_search_read(domain, TABLE_KANBAN_SPEC)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = Table.web_search_read(domain, TABLE_KANBAN_SPEC)
            queries.append(self.env.cr.sql_log_count - before)
            self.assertGreaterEqual(result["length"], size)
            self.assertTrue(
                all(
                    [role["display_name"] for role in record["missing_role_ids"]]
                    for record in result["records"]
                ),
                "every card shows its missing role",
            )
        self.assertEqual(
            queries[0], queries[1], f"queries at 5 and 55 tables: {queries}"
        )

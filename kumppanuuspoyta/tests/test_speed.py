"""Hot paths cost the same number of queries whatever the number of records
(issue: a table of a thousand)."""

from odoo import Command
from odoo.tests import tagged

from .common import KpCommon


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

    def _spec(self, model, view_type):
        """The fields a view reads, as the web client asks for them."""
        fields = model.get_views([(False, view_type)])["models"][model._name]["fields"]
        return {
            name: {"fields": {"display_name": {}}}
            if model._fields[name].relational
            else {}
            for name in fields
        }

    def test_tables_kanban_is_flat(self):
        Table = self.env["kp.table"].with_user(self.user_manager)
        spec = self._spec(Table, "kanban")
        self.assertIn("missing_role_ids", spec)
        queries = []
        for size in (5, 50):
            self._grow_tables(size)
            domain = [("name", "like", "Nopeuspöytä")]
            # warm the caches (rules, fields, the sector list)
            Table.web_search_read(domain, spec)
            self.env.invalidate_all()
            Table.web_search_read(domain, spec)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = Table.web_search_read(domain, spec)
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

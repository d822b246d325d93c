"""Hot paths cost the same number of queries whatever the number of records
(issue: a table of a thousand)."""

from datetime import timedelta

from odoo import Command, fields
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


@tagged("post_install", "-at_install")
class TestJointSpeed(KpCommon):
    """The table form and the occurrences calendar cost the same number of
    queries with 6 or 60 occurrences."""

    def _occurrences(self, table, activity, orgs, count):
        start = fields.Datetime.now().replace(microsecond=0)
        self.env["kp.activity.occurrence"].create(
            [
                {
                    "activity_id": activity.id,
                    "start": start + timedelta(days=7 * index),
                    "organisation_id": orgs[index % len(orgs)].id,
                    "visitors": index,
                }
                for index in range(count)
            ]
        )
        self.env["kp.contribution"].create(
            [
                {
                    "table_id": table.id,
                    "organisation_id": orgs[index % len(orgs)].id,
                    "kind_id": self.env.ref(
                        "kumppanuuspoyta.kp_contribution_kind_volunteer_hours"
                    ).id,
                    "quantity": 2,
                }
                for index in range(count)
            ]
        )

    def _web_spec(self, model, view_type):
        views = model.get_views([(False, view_type)])
        fields_ = views["models"][model._name]["fields"]
        spec = {}
        for name in fields_:
            field = model._fields[name]
            if field.type in ("one2many", "many2many") and name in (
                "activity_occurrence_ids",
                "contribution_ids",
                "joint_activity_ids",
            ):
                sub = views["models"][field.comodel_name]["fields"]
                spec[name] = {
                    "fields": {
                        n: {"fields": {"display_name": {}}}
                        if self.env[field.comodel_name]._fields[n].relational
                        else {}
                        for n in sub
                    }
                }
            elif field.relational:
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def test_table_form_and_calendar_are_flat(self):
        table = self._table("Nopeuspöytä", state="active")
        orgs = self.org_city | self.org_assoc
        self._seat(table, self.person_official, [self.role_chair])
        self._seat(table, self.person_volunteer, [self.role_member])
        self._seat(table, self.user_manager.partner_id, [self.role_convener])
        activity = self.env["kp.joint.activity"].create(
            {"name": "Kahvia ja kohtaamisia", "table_id": table.id}
        )
        Table = self.env["kp.table"].with_user(self.user_manager)
        Occurrence = self.env["kp.activity.occurrence"].with_user(self.user_manager)
        form_spec = self._web_spec(Table, "form")
        self.assertIn("activity_occurrence_ids", form_spec)
        calendar_spec = self._web_spec(Occurrence, "calendar")
        domain = [("table_id", "=", table.id)]
        form_queries, calendar_queries = [], []
        for size in (6, 60):
            self._occurrences(
                table, activity, orgs, size - len(activity.occurrence_ids)
            )
            for queries, call in (
                (form_queries, lambda: Table.browse(table.id).web_read(form_spec)),
                (
                    calendar_queries,
                    lambda: Occurrence.web_search_read(domain, calendar_spec),
                ),
            ):
                # warm the caches (rules, fields, translations)
                call()
                self.env.invalidate_all()
                call()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                result = call()
                queries.append(self.env.cr.sql_log_count - before)
                self.env.invalidate_all()
            self.assertEqual(len(result["records"]), size)
        self.assertEqual(
            form_queries[0], form_queries[1], f"table form: {form_queries}"
        )
        self.assertEqual(
            calendar_queries[0], calendar_queries[1], f"calendar: {calendar_queries}"
        )

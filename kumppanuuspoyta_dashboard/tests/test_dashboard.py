import re
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.modules.module import get_manifest
from odoo.tests import tagged

from .common import DashboardCommon, _three_commitments, aggregate_spec

PIVOT_VALUE = re.compile(r'PIVOT\.VALUE\((\d+),\s*"([^"]+)"')
PIVOT_TABLE = re.compile(r"=PIVOT\((\d+)")
LIST_CELL = re.compile(r'ODOO\.LIST(?:\.HEADER)?\((\d+),(?:\s*\d+,)?\s*"([^"]+)"')


@tagged("post_install", "-at_install")
class TestDashboardRecord(DashboardCommon):
    """The dashboard is one record of Odoo's Dashboards app, for coordinators
    and managers only."""

    def test_dashboard_in_its_group(self):
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("kumppanuuspoyta_dashboard.kp_dashboard_group"),
        )
        self.assertEqual(
            self.dashboard.group_ids,
            self.env.ref("kumppanuuspoyta.group_kp_coordinator"),
        )

    def test_seen_by_coordinators_and_managers_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.user_manager, self.user_coordinator):
            self.assertIn(
                self.dashboard,
                Dashboard.with_user(user).search([]),
                f"{user.login} does not see the dashboard",
            )
            # the web client reads the dashboard's data this way
            self.assertTrue(
                self.dashboard.with_user(user)._get_serialized_readonly_dashboard()
            )
        for user in (self.user_participant, self.user_internal):
            self.assertNotIn(
                self.dashboard,
                Dashboard.with_user(user).search([]),
                f"{user.login} sees the dashboard",
            )
            with self.assertRaises(AccessError):
                self.dashboard.with_user(user).check_access("read")
        with self.assertRaises(AccessError):
            Dashboard.with_user(self.user_portal).search([])

    def test_core_addon_does_not_need_the_dashboards_app(self):
        """kumppanuuspoyta installs without spreadsheet_dashboard: nothing it
        depends on brings it, and this bridge installs itself only when both
        are there (Odoo's own bridges name their app alone in auto_install,
        which would install the Dashboards app with ours)."""
        todo, seen = ["kumppanuuspoyta"], set()
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(get_manifest(name)["depends"])
        self.assertNotIn("spreadsheet_dashboard", seen)
        self.assertNotIn("spreadsheet", seen)
        manifest = get_manifest("kumppanuuspoyta_dashboard")
        self.assertEqual(
            set(manifest["auto_install"]), {"spreadsheet_dashboard", "kumppanuuspoyta"}
        )


@tagged("post_install", "-at_install")
class TestDashboardSources(DashboardCommon):
    """Every data source names models, fields and measures that exist, and
    the manager's figures are those of the records."""

    def _check_field(self, model, name, where):
        self.assertIn(name, model._fields, f"{where}: {model._name} has no {name}")
        return model._fields[name]

    def test_sources_name_existing_models_and_fields(self):
        filters = {f["id"]: f for f in self.data["globalFilters"]}
        self.assertEqual(
            sorted(f["type"] for f in filters.values()),
            ["date", "relation", "relation"],
        )
        kinds = set()
        for kind, sid, source in self._sources():
            kinds.add(kind)
            where = f"{kind} {sid}"
            model_name = (
                source["metaData"]["resModel"] if kind == "chart" else source["model"]
            )
            self.assertIn(model_name, self.env, where)
            model = self.env[model_name]
            if kind == "pivot":
                for measure in source["measures"]:
                    if measure["fieldName"] == "__count":
                        continue
                    field = self._check_field(model, measure["fieldName"], where)
                    self.assertTrue(
                        measure.get("aggregator") or field.aggregator,
                        f"{where}: {measure['fieldName']} has no aggregator",
                    )
                for dimension in source["rows"] + source["columns"]:
                    field = self._check_field(model, dimension["fieldName"], where)
                    self.assertTrue(field._description_groupable(self.env), where)
            elif kind == "list":
                for column in source["columns"]:
                    self._check_field(model, column, where)
                for order in source["orderBy"]:
                    self._check_field(model, order["name"], where)
            else:
                meta = source["metaData"]
                self._check_field(model, meta["measure"], where)
                for groupby in meta["groupBy"]:
                    self._check_field(model, groupby.split(":")[0], where)
            for leaf in source.get("domain") or source.get("searchParams", {}).get(
                "domain", []
            ):
                self._check_field(model, leaf[0], where)
            for filter_id, matching in source["fieldMatching"].items():
                self.assertIn(filter_id, filters, where)
                field = self._check_field(model, matching["chain"], where)
                global_filter = filters[filter_id]
                if global_filter["type"] == "date":
                    self.assertIn(field.type, ("date", "datetime"), where)
                else:
                    self.assertEqual(field.type, "many2one", where)
                    self.assertEqual(field.comodel_name, global_filter["modelName"])
        self.assertEqual(kinds, {"pivot", "list", "chart"})

    def test_cells_name_existing_sources(self):
        pivots, lists = self.data["pivots"], self.data["lists"]
        used = set()
        for sheet in self.data["sheets"]:
            for cell, content in sheet["cells"].items():
                for pid, measure in PIVOT_VALUE.findall(content):
                    self.assertIn(pid, pivots, cell)
                    self.assertIn(
                        measure, [m["id"] for m in pivots[pid]["measures"]], cell
                    )
                    used.add(pid)
                for pid in PIVOT_TABLE.findall(content):
                    self.assertIn(pid, pivots, cell)
                    used.add(pid)
                for lid, column in LIST_CELL.findall(content):
                    self.assertIn(column, lists[lid]["columns"], cell)
        self.assertEqual(used, set(pivots), "a pivot no cell shows")

    def test_every_pivot_answers_for_the_manager(self):
        for pid, pivot in self.data["pivots"].items():
            result = self._pivot_request(pivot, self.user_manager)
            self.assertEqual(len(result[0]), 1, f"pivot {pid}: no total")
            for measure in pivot["measures"]:
                spec = aggregate_spec(self.env[pivot["model"]], measure)
                self.assertIn(spec, result[0][0], f"pivot {pid}")

    def test_another_municipality_sees_only_its_own(self):
        """Each municipality's dashboard counts its own tables: the figures
        of another municipality, counted by hand, and none of this one's."""
        self._setup_other_company()
        mine = self._headline("1", self.user_manager)
        _three_commitments(self, self.table_other)
        theirs = self._headline("1", self.user_other)
        self.assertEqual(
            [
                theirs[k]
                for k in (
                    "commitment_count:sum",
                    "done_count:sum",
                    "open_count:sum",
                    "overdue_count:sum",
                )
            ],
            [3, 1, 2, 1],
        )
        # this municipality's manager counts none of them
        self.assertEqual(self._headline("1", self.user_manager), mine)

    def test_filters_narrow_the_headline(self):
        """The table, organisation and period filters select what they say."""
        table = self._table("Kojelautapöytä", state="active")
        self._seat(table, self.person_volunteer, [self.role_chair])
        _three_commitments(self, table)
        today = self._today(table)
        self.env.flush_all()
        by_table = self._headline(
            "1", self.user_manager, [("table_id", "in", table.ids)]
        )
        self.assertEqual(
            [
                by_table[k]
                for k in (
                    "commitment_count:sum",
                    "done_count:sum",
                    "open_count:sum",
                    "overdue_count:sum",
                )
            ],
            [3, 1, 2, 1],
        )
        self.assertAlmostEqual(by_table["completion_rate:avg"], 1 / 3)
        by_org = self._headline(
            "1",
            self.user_manager,
            [
                ("table_id", "in", table.ids),
                ("organisation_id", "in", self.org_city.ids),
            ],
        )
        self.assertEqual(by_org["commitment_count:sum"], 1)
        # the period matches the day a commitment was agreed on
        later = self._headline(
            "1",
            self.user_manager,
            [("table_id", "in", table.ids), ("agreed_date", ">", today)],
        )
        self.assertEqual(later["commitment_count:sum"], 0)
        # the coordinator sees the figures of the tables they sit at
        coordinator = self._headline("1", self.user_coordinator)
        self.assertFalse(coordinator["commitment_count:sum"])


@tagged("post_install", "-at_install")
class TestDashboardSpeed(DashboardCommon):
    """Opening the dashboard costs the same number of queries at 30 and
    300 more tables with their commitments."""

    def _grow(self, count):
        tables = self.env["kp.table"].create(
            [{"name": f"Kojelautapöytä {i}", "state": "active"} for i in range(count)]
        )
        # a contribution comes from an organisation that sits at the table
        for table in tables:
            self._seat(table, self.person_volunteer)
        self.env["kp.commitment"].create(
            [
                {
                    "table_id": table.id,
                    "name": f"Tehtävä {index}",
                    "organisation_id": self.org_assoc.id,
                    "deadline": self._today(table) + timedelta(days=index % 7 - 3),
                }
                for index, table in enumerate(tables)
            ]
        )
        self.env["kp.contribution"].create(
            [
                {
                    "table_id": table.id,
                    "organisation_id": self.org_assoc.id,
                    "kind_id": self.env["kp.contribution.kind"].search([], limit=1).id,
                    "quantity": 2,
                }
                for table in tables
            ]
        )
        self.env.flush_all()

    def test_dashboard_requests_are_flat(self):
        # from the first size on, more overdue commitments than the list
        # shows (10), with or without demo data: the list then counts them
        self._grow(30)
        self._requests(self.user_manager)  # warm the caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._requests(self.user_manager)
        small = self.env.cr.sql_log_count - before
        self._grow(270)
        self._requests(self.user_manager)
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self._requests(self.user_manager)

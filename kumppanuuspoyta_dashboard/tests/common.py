import json
from datetime import timedelta

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.kumppanuuspoyta.tests.common import KpFixtures

DASHBOARD = "kumppanuuspoyta_dashboard.kp_dashboard"


def aggregate_spec(model, measure):
    """A measure as the spreadsheet's pivot asks for it
    (spreadsheet/static/src/pivot/pivot_model.js, _getAggregateSpec)."""
    if measure["fieldName"] == "__count":
        return "__count"
    if measure.get("aggregator"):
        return f"{measure['fieldName']}:{measure['aggregator']}"
    field = model._fields[measure["fieldName"]]
    if field.type == "many2one":
        return f"{measure['fieldName']}:count_distinct"
    return f"{measure['fieldName']}:{field.aggregator}"


def _three_commitments(case, table):
    """Three commitments at ``table``, counted by hand: one done, one open
    and overdue, one open and coming (3 / 1 / 2 / 1, completion 33.3 %)."""
    today = case._today(table)
    done_stage = case.env.ref("kumppanuuspoyta.kp_commitment_stage_done")
    commitments = case.env["kp.commitment"].create(
        [
            {
                "table_id": table.id,
                "name": "Tehty",
                "organisation_id": case.org_assoc.id,
                "stage_id": done_stage.id,
            },
            {
                "table_id": table.id,
                "name": "Myöhässä",
                "organisation_id": case.org_assoc.id,
                "deadline": today - timedelta(days=2),
            },
            {
                "table_id": table.id,
                "name": "Tulossa",
                "organisation_id": case.org_city.id,
                "deadline": today + timedelta(days=9),
            },
        ]
    )
    case.env.flush_all()
    return commitments


class DashboardCommon(KpFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        users = cls._role_users("kp_dash")
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.user_portal = users["portal"]
        cls.user_internal = new_test_user(
            cls.env, "kp_dash_internal", groups="base.group_user", name="Ilkka Internal"
        )
        cls.dashboard = cls.env.ref(DASHBOARD)
        cls.data = json.loads(cls.dashboard.spreadsheet_data)

    def _sources(self):
        """(kind, id, definition) of every data source of the spreadsheet."""
        for pid, pivot in self.data["pivots"].items():
            yield "pivot", pid, pivot
        for lid, lst in self.data["lists"].items():
            yield "list", lid, lst
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                if figure["tag"] == "chart" and figure["data"]["type"].startswith(
                    "odoo_"
                ):
                    yield "chart", figure["id"], figure["data"]

    def _pivot_request(self, pivot, user, extra_domain=()):
        """The pivot's figures read as the spreadsheet reads them: one
        formatted_read_grouping_sets with its measures, the total and its
        rows, under the user's record rules."""
        model = self.env[pivot["model"]].with_user(user)
        aggregates = [aggregate_spec(model, m) for m in pivot["measures"]]
        rows = [r["fieldName"] for r in pivot["rows"]]
        grouping_sets = [[]] + ([rows] if rows else [])
        return model.formatted_read_grouping_sets(
            list(pivot["domain"]) + list(extra_domain), grouping_sets, aggregates
        )

    def _headline(self, pid, user, extra_domain=()):
        return self._pivot_request(self.data["pivots"][pid], user, extra_domain)[0][0]

    def _requests(self, user):
        """Every data request the dashboard makes when it opens."""
        for kind, _sid, source in self._sources():
            if kind == "pivot":
                self._pivot_request(source, user)
            elif kind == "list":
                model = self.env[source["model"]].with_user(user)
                model.web_search_read(
                    source["domain"],
                    {name: {} for name in source["columns"]},
                    limit=10,
                    order="deadline asc",
                )
            else:
                meta = source["metaData"]
                self.env[meta["resModel"]].with_user(user).formatted_read_group(
                    source["searchParams"]["domain"],
                    meta["groupBy"],
                    [f"{meta['measure']}:sum"],
                )

"""Reporting: every figure of the analyses counted by hand from the records,
as each role sees it, and each analysis answering in the same number of
queries whatever the number of records."""

from datetime import timedelta

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import KpMinutesCommon

COMMITMENT_MEASURES = [
    "__count",
    "commitment_count:sum",
    "done_count:sum",
    "open_count:sum",
    "overdue_count:sum",
    "completion_rate:avg",
    "delay_days:avg",
]
ATTENDANCE_MEASURES = [
    "__count",
    "invited_count:sum",
    "attended_count:sum",
    "excused_count:sum",
    "absent_count:sum",
    "attendance_rate:avg",
]
COVERAGE_MEASURES = [
    "__count",
    "represented_count:sum",
    "invited_count:sum",
    "missing_count:sum",
    "coverage:avg",
]
INTAKE_MEASURES = [
    "__count",
    "item_count:sum",
    "answered_count:sum",
    "agreement_count:sum",
    "decided_count:sum",
    "commitment_count:sum",
    "commitment_done_count:sum",
    "commitment_open_count:sum",
    "commitment_overdue_count:sum",
]


@tagged("post_install", "-at_install")
class TestReporting(KpMinutesCommon):
    """Table 1, where the coordinator is secretary, and table 2, where they do
    not sit, of one municipality; a table of another municipality.

    Commitments (today = T):
      table 1: association, deadline T-10, done today     -> done, 10 days late
               association, deadline T-5, open            -> open, overdue
               city's youth department, deadline T+10     -> open
               city, deadline T+3, cancelled              -> in no rate
      table 2: association, deadline T+5, done today      -> done, in time
      other municipality: one open commitment.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls._setup_other_company()
        cls.today = cls._today(cls.table)
        cls.dept_youth = env["res.partner"].create(
            {
                "name": "Testikaupungin nuorisopalvelut",
                "is_company": True,
                "parent_id": cls.org_city.id,
                "kp_sector_id": cls.sector_municipality.id,
            }
        )
        cls.table2 = cls._table("Vapaaehtoistoiminnan pöytä", state="active")
        cls._seat(cls.table2, cls.person_volunteer, [cls.role_member])
        cls.user_coordinator.company_ids = [Command.link(cls.company.id)]
        cls.org_other = cls._organisation("Toisen kunnan yhdistys", "kp_sector_parish")

        def commitment(table, name, organisation, days, stage=None):
            record = env["kp.commitment"].create(
                {
                    "table_id": table.id,
                    "name": name,
                    "organisation_id": organisation.id,
                    "deadline": cls.today + timedelta(days=days),
                }
            )
            if stage:
                record.stage_id = stage
            return record

        cls.c_late = commitment(
            cls.table, "Varaa Ystäväntupa", cls.org_assoc, -10, cls.stage_done
        )
        cls.c_overdue = commitment(cls.table, "Kerää uutiset", cls.org_assoc, -5)
        cls.c_dept = commitment(cls.table, "Nuorten ilta", cls.dept_youth, 10)
        cls.c_cancelled = commitment(
            cls.table, "Tilaa bussi", cls.org_city, 3, cls.stage_cancelled
        )
        cls.c_table2 = commitment(
            cls.table2, "Vapaaehtoisten ilta", cls.org_assoc, 5, cls.stage_done
        )
        cls.c_other = commitment(
            cls.table_other, "Toisen kunnan tehtävä", cls.org_other, 5
        )
        env.flush_all()

    # --- helpers -----------------------------------------------------------

    def _groups(self, model, user, groupby, aggregates, domain=None):
        """The groups as the pivot asks for them, by their first groupby's id
        (of this test's tables: the database may hold demo data)."""
        groups = (
            self.env[model]
            .with_user(user)
            .formatted_read_group(self._domain(domain), groupby, aggregates)
        )
        key = groupby[0]
        return {(g[key][0] if isinstance(g[key], tuple) else g[key]): g for g in groups}

    def _totals(self, model, user, aggregates, domain=None):
        groups = (
            self.env[model]
            .with_user(user)
            .formatted_read_group(self._domain(domain), [], aggregates)
        )
        return groups[0]

    def _domain(self, domain):
        if domain is not None:
            return list(domain)
        tables = self.table | self.table2 | self.table_other
        return [("table_id", "in", tables.ids)]

    # --- commitments -----------------------------------------------------

    def test_commitments_as_manager(self):
        totals = self._totals(
            "kp.commitment.report", self.user_manager, COMMITMENT_MEASURES
        )
        self.assertEqual(totals["commitment_count:sum"], 5)
        self.assertEqual(totals["done_count:sum"], 2)
        self.assertEqual(totals["open_count:sum"], 2)
        self.assertEqual(totals["overdue_count:sum"], 1)
        # 2 done of the 4 not cancelled (a share 0-1, shown as a percentage)
        self.assertAlmostEqual(totals["completion_rate:avg"], 0.5)
        # (10 + 0) / 2
        self.assertAlmostEqual(totals["delay_days:avg"], 5.0)

        by_org = self._groups(
            "kp.commitment.report",
            self.user_manager,
            ["organisation_id"],
            COMMITMENT_MEASURES,
        )
        assoc = by_org[self.org_assoc.id]
        self.assertEqual(assoc["commitment_count:sum"], 3)
        self.assertEqual(assoc["done_count:sum"], 2)
        self.assertEqual(assoc["overdue_count:sum"], 1)
        self.assertAlmostEqual(assoc["completion_rate:avg"], 2 / 3)
        self.assertEqual(by_org[self.dept_youth.id]["open_count:sum"], 1)
        # a cancelled commitment has no completion rate
        self.assertFalse(by_org[self.org_city.id]["completion_rate:avg"])

        by_table = self._groups(
            "kp.commitment.report", self.user_manager, ["table_id"], COMMITMENT_MEASURES
        )
        self.assertEqual(by_table[self.table.id]["commitment_count:sum"], 4)
        self.assertEqual(by_table[self.table2.id]["done_count:sum"], 1)

        by_sector = self._groups(
            "kp.commitment.report",
            self.user_manager,
            ["sector_id"],
            COMMITMENT_MEASURES,
        )
        self.assertEqual(
            by_sector[self.sector_municipality.id]["commitment_count:sum"], 2
        )
        self.assertEqual(by_sector[self.sector_association.id]["done_count:sum"], 2)

        by_month = self._groups(
            "kp.commitment.report",
            self.user_manager,
            ["deadline:month"],
            COMMITMENT_MEASURES,
        )
        self.assertEqual(sum(g["commitment_count:sum"] for g in by_month.values()), 5)

    def test_departments_roll_up(self):
        """The municipality's figures include its departments'."""
        by_parent = self._groups(
            "kp.commitment.report",
            self.user_manager,
            ["parent_organisation_id"],
            COMMITMENT_MEASURES,
        )
        self.assertEqual(by_parent[self.org_city.id]["commitment_count:sum"], 2)
        self.assertEqual(by_parent[self.org_city.id]["open_count:sum"], 1)
        city = self.org_city.with_user(self.user_manager)
        self.assertEqual(city.kp_commitment_count, 2)
        self.assertEqual(city.kp_open_commitment_count, 1)
        department = self.dept_youth.with_user(self.user_manager)
        self.assertEqual(department.kp_commitment_count, 1)
        assoc = self.org_assoc.with_user(self.user_manager)
        self.assertEqual(
            (
                assoc.kp_commitment_count,
                assoc.kp_open_commitment_count,
                assoc.kp_overdue_commitment_count,
            ),
            (3, 1, 1),
        )
        action = city.action_view_kp_commitments()
        self.assertEqual(
            self.env["kp.commitment"].search(action["domain"]),
            self.c_dept | self.c_cancelled,
        )

    def test_commitments_as_coordinator(self):
        """The coordinator sits at table 1 only: table 2 is never counted."""
        totals = self._totals(
            "kp.commitment.report", self.user_coordinator, COMMITMENT_MEASURES
        )
        self.assertEqual(totals["commitment_count:sum"], 4)
        self.assertEqual(totals["done_count:sum"], 1)
        self.assertEqual(totals["open_count:sum"], 2)
        self.assertEqual(totals["overdue_count:sum"], 1)
        # 1 done of the 3 not cancelled
        self.assertAlmostEqual(totals["completion_rate:avg"], 1 / 3)
        self.assertAlmostEqual(totals["delay_days:avg"], 10.0)
        rows = (
            self.env["kp.commitment.report"].with_user(self.user_coordinator).search([])
        )
        self.assertEqual(
            rows.commitment_id,
            self.c_late | self.c_overdue | self.c_dept | self.c_cancelled,
        )
        # the drill-down opens the commitment itself
        action = rows.filtered(lambda r: r.commitment_id == self.c_overdue)[
            :1
        ].action_open_record()
        self.assertEqual(action["res_id"], self.c_overdue.id)
        self.assertEqual(action["res_model"], "kp.commitment")

    def test_commitments_of_another_municipality_never_appear(self):
        totals = self._totals(
            "kp.commitment.report", self.user_other, COMMITMENT_MEASURES
        )
        self.assertEqual(totals["commitment_count:sum"], 1)
        self.assertEqual(totals["open_count:sum"], 1)
        rows = self.env["kp.commitment.report"].with_user(self.user_other).search([])
        self.assertEqual(rows.commitment_id, self.c_other)
        rows = self.env["kp.commitment.report"].with_user(self.user_manager).search([])
        self.assertNotIn(self.c_other, rows.commitment_id)

    def test_participants_have_no_analysis(self):
        Report = self.env["kp.commitment.report"].with_user(self.user_participant)
        self.assertFalse(Report.has_access("read"))
        menu = self.env.ref("kumppanuuspoyta.kp_menu_reporting")
        visible = (
            self.env["ir.ui.menu"].with_user(self.user_participant)._visible_menu_ids()
        )
        self.assertNotIn(menu.id, visible)
        visible = (
            self.env["ir.ui.menu"].with_user(self.user_coordinator)._visible_menu_ids()
        )
        self.assertIn(menu.id, visible)

    # --- the tables show the work ----------------------------------------

    def test_table_shows_open_and_overdue_commitments_and_next_meeting(self):
        meeting = self._meeting(location="Kirjasto")
        table = self.table.with_user(self.user_participant)
        self.assertEqual(table.open_commitment_count, 2)
        self.assertEqual(table.overdue_commitment_count, 1)
        self.assertEqual(table.next_meeting_start, meeting.start)
        self.assertFalse(self.table2.next_meeting_start)
        self.assertEqual(self.table2.open_commitment_count, 0)
        action = table.action_view_overdue_commitments()
        self.assertEqual(action["context"]["search_default_overdue"], 1)

    def test_tables_kanban_card_shows_the_work_not_its_column(self):
        arch = etree.fromstring(
            self.env["kp.table"].get_view(view_type="kanban")["arch"]
        )
        self.assertEqual(arch.get("default_group_by"), "state")
        card = arch.find(".//t[@t-name='card']")
        names = {node.get("name") for node in card.iter("field")}
        self.assertLessEqual(
            {"open_commitment_count", "overdue_commitment_count", "next_meeting_start"},
            names,
        )
        # the column already says the lifecycle: no badge repeating it
        self.assertNotIn("state", names)

    # --- attendance -----------------------------------------------------

    def _set_status(self, meeting, partner, status):
        meeting.attendance_ids.filtered(
            lambda a: a.partner_id == partner
        ).status = status

    def test_attendance(self):
        """The city came to 2 of 3 meetings and was excused from 1; the
        association came to 1 and was absent from 2."""
        meetings = [self._held_meeting(hours=hours) for hours in (3, 30, 60)]
        statuses = (
            ("present", "absent"),
            ("excused", "present"),
            ("present", "absent"),
        )
        for meeting, (city, assoc) in zip(meetings, statuses, strict=True):
            self._set_status(meeting, self.person_official, city)
            self._set_status(meeting, self.person_volunteer, assoc)
        self.env.flush_all()
        by_org = self._groups(
            "kp.attendance.report",
            self.user_manager,
            ["organisation_id"],
            ATTENDANCE_MEASURES,
        )
        city = by_org[self.org_city.id]
        self.assertEqual(
            (
                city["invited_count:sum"],
                city["attended_count:sum"],
                city["excused_count:sum"],
                city["absent_count:sum"],
            ),
            (3, 2, 1, 0),
        )
        self.assertAlmostEqual(city["attendance_rate:avg"], 2 / 3)
        assoc = by_org[self.org_assoc.id]
        self.assertEqual(
            (
                assoc["invited_count:sum"],
                assoc["attended_count:sum"],
                assoc["excused_count:sum"],
                assoc["absent_count:sum"],
            ),
            (3, 1, 0, 2),
        )
        self.assertAlmostEqual(assoc["attendance_rate:avg"], 1 / 3)
        # the coordinator sits at the table and counts the same
        as_coordinator = self._groups(
            "kp.attendance.report",
            self.user_coordinator,
            ["organisation_id"],
            ATTENDANCE_MEASURES,
        )
        self.assertEqual(as_coordinator[self.org_assoc.id]["attended_count:sum"], 1)
        # by month: the trend
        by_month = self._groups(
            "kp.attendance.report",
            self.user_manager,
            ["date:month"],
            ATTENDANCE_MEASURES,
            [("organisation_id", "=", self.org_city.id)],
        )
        self.assertEqual(sum(g["invited_count:sum"] for g in by_month.values()), 3)
        # another municipality sees none of it
        other = self._totals(
            "kp.attendance.report", self.user_other, ATTENDANCE_MEASURES
        )
        self.assertFalse(other["invited_count:sum"])
        # the organisation's form
        # 2 of 3, shown without decimals
        self.assertEqual(
            self.org_city.with_user(self.user_coordinator).kp_attendance_rate, 67
        )

    def test_rates_are_shares_of_the_sums_shown_as_percentages(self):
        """Every rate of an analysis has the percentage widget, which reads
        a share 0-1 (10000 % was 100 read as 100 times 100 %): the rows and
        the total lie within 0-1, and the pivot's total (its grouping sets,
        asked as the pivot asks them) is the share of the sums, not the
        average of the rows' shares."""
        meeting = self._held_meeting()
        self._set_status(meeting, self.person_volunteer, "absent")
        self.env.flush_all()
        rates = {
            "kp.commitment.report": (
                "completion_rate",
                "done_count",
                ["done_count", "open_count"],
            ),
            "kp.attendance.report": (
                "attendance_rate",
                "attended_count",
                ["invited_count"],
            ),
            "kp.sector.coverage.report": (
                "coverage",
                "represented_count",
                ["represented_count", "invited_count", "missing_count"],
            ),
        }
        for model, (rate, part, whole) in rates.items():
            Model = self.env[model].with_user(self.user_manager)
            for view_type in ("pivot", "graph"):
                views = Model.get_views([(False, view_type)])["views"]
                arch = etree.fromstring(views[view_type]["arch"])
                widgets = {
                    node.get("name"): node.get("widget")
                    for node in arch.iter("field")
                    if node.get("type") == "measure"
                }
                if rate in widgets:
                    self.assertEqual(widgets[rate], "percentage", (model, view_type))
            pivot = etree.fromstring(
                Model.get_views([(False, "pivot")])["views"]["pivot"]["arch"]
            )
            row = next(
                n.get("name") for n in pivot.iter("field") if n.get("type") == "row"
            )
            sums = sorted({part, *whole})
            total, rows = Model.formatted_read_grouping_sets(
                self._domain(None),
                [[], [row]],
                [f"{rate}:avg", *(f"{name}:sum" for name in sums)],
            )
            total = total[0]
            self.assertAlmostEqual(
                total[f"{rate}:avg"],
                total[f"{part}:sum"] / sum(total[f"{name}:sum"] for name in whole),
                msg=model,
            )
            shares = [g[f"{rate}:avg"] for g in rows if g[f"{rate}:avg"] is not False]
            self.assertTrue(shares, model)
            for value in [total[f"{rate}:avg"], *shares]:
                self.assertTrue(0 <= value <= 1, (model, value))
        # the commitments' total is 2 of 4 (the association's 2 of 3 and the
        # department's 0 of 1 average to a third)
        commitments = self._totals(
            "kp.commitment.report", self.user_manager, ["completion_rate:avg"]
        )
        self.assertAlmostEqual(commitments["completion_rate:avg"], 0.5)

    # --- sector coverage ---------------------------------------------------

    def test_sector_coverage_of_a_table_numbered_past_an_integer(self):
        """A municipality's 2,148th table still has its row of every sector:
        the row's id (table id × a million + sector id) does not overflow."""
        self.env.cr.execute("SELECT setval('kp_table_id_seq', 2200000)")
        table = self.env["kp.table"].create(
            {
                "name": "Pöytä numero 2,2 miljoonaa",
                "company_id": self.table.company_id.id,
            }
        )
        self.env.flush_all()
        rows = self.env["kp.sector.coverage.report"].search(
            [("table_id", "=", table.id)]
        )
        self.assertEqual(len(rows), self.env["kp.sector"].search_count([]))
        self.assertEqual(set(rows.mapped("status")), {"missing"})

    def test_sector_coverage(self):
        """Table 1: the municipality and the association are represented;
        table 2: the association is, and the parish is invited."""
        parish = self._organisation("Testiseurakunta", "kp_sector_parish")
        priest = self._person("Paavo Pappi", parish, "paavo@example.com")
        self._seat(self.table2, priest, [self.role_member], state="invited")
        self.env.flush_all()
        sectors = self.env["kp.sector"].search([])
        Report = self.env["kp.sector.coverage.report"]
        rows = Report.with_user(self.user_manager).search(
            [("table_id", "in", (self.table | self.table2).ids)]
        )
        status = {(r.table_id, r.sector_id): r.status for r in rows}
        self.assertEqual(len(rows), 2 * len(sectors))
        self.assertEqual(status[self.table, self.sector_municipality], "represented")
        self.assertEqual(status[self.table, self.sector_association], "represented")
        self.assertEqual(status[self.table, self.sector_parish], "missing")
        self.assertEqual(status[self.table2, self.sector_parish], "invited")
        self.assertEqual(status[self.table2, self.sector_municipality], "missing")
        # the same as each table's own map
        for table in self.table | self.table2:
            self.assertEqual(
                {
                    s
                    for (t, s), v in status.items()
                    if t == table and v == "represented"
                },
                set(table.represented_sector_ids),
            )
        by_sector = self._groups(
            "kp.sector.coverage.report",
            self.user_manager,
            ["sector_id"],
            COVERAGE_MEASURES,
            [("table_id", "in", (self.table | self.table2).ids)],
        )
        parish_row = by_sector[self.sector_parish.id]
        self.assertEqual(
            (
                parish_row["represented_count:sum"],
                parish_row["invited_count:sum"],
                parish_row["missing_count:sum"],
            ),
            (0, 1, 1),
        )
        # the coordinator sees table 1 only, another municipality neither
        tables = Report.with_user(self.user_coordinator).search([]).table_id
        self.assertIn(self.table, tables)
        self.assertNotIn(self.table2, tables)
        self.assertFalse(
            Report.with_user(self.user_other).search(
                [("table_id", "in", (self.table | self.table2).ids)]
            )
        )
        self.assertEqual(rows[:1].action_open_record()["res_model"], "kp.table")

    # --- regional intake -----------------------------------------------------

    def test_regional_intake(self):
        """A village's matter handled at a meeting three days ago: one
        agreement with two commitments, one done and one overdue; a
        department's matter still proposed."""
        meeting = self._held_meeting(hours=72, items=["Jäppilän koulutie"])
        item = meeting.agenda_item_ids
        item.write(
            {
                "source": "village",
                "source_name": "Jäppilä",
                "case_number": "PKS/12/2026",
            }
        )
        self._agree(
            meeting,
            "Kaupunki selvittää koulutien valaistuksen.",
            item,
            [
                {
                    "name": "Selvitä valaistus",
                    "organisation_id": self.org_city.id,
                    "deadline": self.today - timedelta(days=1),
                },
                {
                    "name": "Kerro kyläläisille",
                    "organisation_id": self.org_assoc.id,
                    "deadline": self.today + timedelta(days=1),
                    "stage_id": self.stage_done.id,
                },
            ],
        )
        self.env["kp.agenda.item"].create(
            {
                "table_id": self.table.id,
                "name": "Kirjastoauton reitti",
                "source": "department",
                "source_name": "Sivistyspalvelut",
            }
        )
        self.env.flush_all()
        by_source = self._groups(
            "kp.intake.report",
            self.user_coordinator,
            ["source_name"],
            INTAKE_MEASURES,
        )
        village = by_source["Jäppilä"]
        self.assertEqual(
            (
                village["item_count:sum"],
                village["agreement_count:sum"],
                village["commitment_count:sum"],
                village["commitment_done_count:sum"],
                village["commitment_open_count:sum"],
                village["commitment_overdue_count:sum"],
            ),
            (1, 1, 2, 1, 1, 1),
        )
        # answered and decided: test_proposal_answers.py
        self.assertEqual(
            (village["answered_count:sum"], village["decided_count:sum"]), (0, 0)
        )
        department = by_source["Sivistyspalvelut"]
        self.assertEqual(department["item_count:sum"], 1)
        self.assertEqual(department["agreement_count:sum"], 0)
        row = (
            self.env["kp.intake.report"]
            .with_user(self.user_coordinator)
            .search([("source_name", "=", "Jäppilä")])
        )
        self.assertEqual(row.meeting_id, meeting)
        self.assertEqual(row.case_number, "PKS/12/2026")
        self.assertFalse(
            self.env["kp.intake.report"].with_user(self.user_other).search([])
        )


@tagged("post_install", "-at_install")
class TestReportingSpeed(KpMinutesCommon):
    """Each analysis answers in the same number of queries at 10 and 100
    records, read as the pivot reads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_report_manager = new_test_user(
            cls.env,
            "kp_report_manager",
            groups="kumppanuuspoyta.group_kp_manager",
            name="Raija Report",
        )

    def _grow(self, count):
        tables = self.env["kp.table"].create(
            [{"name": f"Raporttipöytä {i}"} for i in range(count)]
        )
        for table in tables:
            self._seat(table, self.person_official, [self.role_chair])
        self.env["kp.commitment"].create(
            [
                {
                    "table_id": table.id,
                    "name": f"Tehtävä {table.id}",
                    "organisation_id": self.org_assoc.id,
                    "deadline": self._today(table) + timedelta(days=index % 7 - 3),
                }
                for index, table in enumerate(tables)
            ]
        )
        self.env["kp.agenda.item"].create(
            [
                {
                    "table_id": table.id,
                    "name": f"Kylän asia {table.id}",
                    "source": "village",
                    "source_name": f"Kylä {index % 3}",
                }
                for index, table in enumerate(tables)
            ]
        )
        meetings = self.env["kp.meeting"].create(
            [
                {"table_id": table.id, "start": self._past(24 * (index % 40 + 1))}
                for index, table in enumerate(tables)
            ]
        )
        self.env["kp.attendance"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "participant_id": meeting.table_id.participant_ids[:1].id,
                    "status": ("present", "excused", "absent")[index % 3],
                }
                for index, meeting in enumerate(meetings)
            ]
        )
        self.env.flush_all()

    def _pivot(self, model, groupbys, aggregates):
        Report = self.env[model].with_user(self.user_report_manager)
        for groupby in groupbys:
            Report.formatted_read_group([], groupby, aggregates)
        Report.web_read_group([], groupbys[-1][:1], aggregates)

    def _check_flat(self, model, groupbys, aggregates):
        self._grow(10)
        self._pivot(model, groupbys, aggregates)  # warm the caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._pivot(model, groupbys, aggregates)
        small = self.env.cr.sql_log_count - before
        self._grow(90)
        self._pivot(model, groupbys, aggregates)
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self._pivot(model, groupbys, aggregates)

    def test_commitments_analysis_is_flat(self):
        self._check_flat(
            "kp.commitment.report",
            [["organisation_id"], ["table_id", "deadline:month"], ["sector_id"]],
            COMMITMENT_MEASURES,
        )

    def test_attendance_analysis_is_flat(self):
        self._check_flat(
            "kp.attendance.report",
            [["organisation_id"], ["table_id", "date:month"]],
            ATTENDANCE_MEASURES,
        )

    def test_sector_coverage_is_flat(self):
        self._check_flat(
            "kp.sector.coverage.report",
            [["table_id"], ["table_id", "sector_id"]],
            COVERAGE_MEASURES,
        )

    def test_regional_intake_is_flat(self):
        self._check_flat(
            "kp.intake.report",
            [["source_name"], ["table_id", "source"]],
            INTAKE_MEASURES,
        )


THEME_MEASURES = [
    "planned_meeting_count:sum",
    "used_meeting_count:sum",
    "days_to_results:avg",
]
CONTRIBUTION_MEASURES = ["hours:sum", "amount:sum"]


@tagged("post_install", "-at_install")
class TestThemeAndContributionAnalyses(KpMinutesCommon):
    """Reporting > Themes and > Contributions, read as the pivot reads them:
    table 1 has two themes (one with results after 30 days) and
    contributions of two organisations; another municipality's table has a
    theme and a contribution of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls._setup_other_company()
        today = cls._today(cls.table)
        Theme = env["kp.theme"]
        cls.theme_done = Theme.create(
            {
                "name": "Kyläkyydit",
                "table_id": cls.table.id,
                "planned_meeting_count": 3,
                "date_start": today - timedelta(days=30),
                "results": "Kyytirengas aloitti.",
            }
        )
        cls.theme_done.action_mark_results()
        cls.theme_open = Theme.create(
            {
                "name": "Laajakaista",
                "table_id": cls.table.id,
                "planned_meeting_count": 5,
            }
        )
        cls.theme_other = Theme.sudo().create(
            {"name": "Toisen kunnan teema", "table_id": cls.table_other.id}
        )
        hours = env.ref("kumppanuuspoyta.kp_contribution_kind_volunteer_hours")
        money = env.ref("kumppanuuspoyta.kp_contribution_kind_money")
        env["kp.contribution"].create(
            [
                {
                    "table_id": cls.table.id,
                    "organisation_id": cls.org_assoc.id,
                    "kind_id": hours.id,
                    "quantity": 12.5,
                },
                {
                    "table_id": cls.table.id,
                    "organisation_id": cls.org_assoc.id,
                    "kind_id": hours.id,
                    "quantity": 4,
                },
                {
                    "table_id": cls.table.id,
                    "organisation_id": cls.org_city.id,
                    "kind_id": money.id,
                    "amount": 800,
                },
            ]
        )
        env.flush_all()

    def _groups(self, model, user, groupby, aggregates):
        groups = (
            self.env[model]
            .with_user(user)
            .formatted_read_group([], groupby, aggregates)
        )
        return {g[groupby[0]][0]: g for g in groups if g[groupby[0]]}

    def test_themes_planned_against_used_and_days_to_results(self):
        for user in (self.user_coordinator, self.user_manager):
            by_table = self._groups(
                "kp.theme", user, ["table_id"], THEME_MEASURES + ["__count"]
            )
            row = by_table[self.table.id]
            self.assertEqual(row["__count"], 2)
            self.assertEqual(row["planned_meeting_count:sum"], 8)
            self.assertEqual(row["used_meeting_count:sum"], 0)
            # the open theme has no days to results: it is not an average 15
            self.assertEqual(row["days_to_results:avg"], 30)
            self.assertNotIn(self.table_other.id, by_table, "another municipality")
            by_state = {
                g["state"]: g
                for g in self.env["kp.theme"]
                .with_user(user)
                .formatted_read_group(
                    [("table_id", "=", self.table.id)], ["state"], THEME_MEASURES
                )
            }
            self.assertEqual(by_state["results"]["days_to_results:avg"], 30)
            self.assertEqual(by_state["open"]["planned_meeting_count:sum"], 5)
            self.assertFalse(by_state["open"]["days_to_results:avg"], "no results")
        # the other municipality sees only its own
        other = self._groups("kp.theme", self.user_other, ["table_id"], ["__count"])
        self.assertNotIn(self.table.id, other)

    def test_contributions_per_organisation_and_kind(self):
        by_org = self._groups(
            "kp.contribution",
            self.user_coordinator,
            ["organisation_id"],
            CONTRIBUTION_MEASURES,
        )
        self.assertEqual(by_org[self.org_assoc.id]["hours:sum"], 16.5)
        self.assertEqual(by_org[self.org_city.id]["amount:sum"], 800)
        other = self._groups(
            "kp.contribution", self.user_other, ["organisation_id"], ["__count"]
        )
        self.assertNotIn(self.org_assoc.id, other)

    def test_the_reporting_menu_opens_both(self):
        for xmlid in ("kp_theme_report_action", "kp_contribution_report_action"):
            action = self.env.ref(f"kumppanuuspoyta.{xmlid}")
            self.assertEqual(action.view_mode.split(",")[:2], ["pivot", "graph"])
            views = (
                self.env[action.res_model]
                .with_user(self.user_coordinator)
                .get_views([(False, "pivot"), (False, "graph")])
            )
            self.assertIn("measure", views["views"]["pivot"]["arch"])

    def test_both_are_flat_in_the_number_of_records(self):
        def pivot():
            for model, groupby, measures in (
                ("kp.theme", ["table_id", "state"], THEME_MEASURES),
                (
                    "kp.contribution",
                    ["organisation_id", "kind_id"],
                    CONTRIBUTION_MEASURES,
                ),
            ):
                self.env[model].with_user(self.user_manager).formatted_read_group(
                    [], groupby, measures
                )

        def grow(count):
            tables = self.env["kp.table"].create(
                [{"name": f"Teemapöytä {i}"} for i in range(count)]
            )
            self.env["kp.theme"].create(
                [{"name": f"Teema {t.id}", "table_id": t.id} for t in tables]
            )
            for table in tables:
                self._seat(table, self.person_volunteer, [self.role_member])
            self.env["kp.contribution"].create(
                [
                    {
                        "table_id": t.id,
                        "organisation_id": self.org_assoc.id,
                        "kind_id": self.env.ref(
                            "kumppanuuspoyta.kp_contribution_kind_volunteer_hours"
                        ).id,
                        "quantity": 2,
                    }
                    for t in tables
                ]
            )
            self.env.flush_all()

        grow(5)
        pivot()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        pivot()
        small = self.env.cr.sql_log_count - before
        grow(45)
        pivot()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            pivot()

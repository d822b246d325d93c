from odoo import api, fields, models
from odoo.tools.misc import formatLang

from ..models.kp_decision_handoff import HANDED_STATES
from ..models.kp_meeting_minutes import FILENAME_UNSAFE
from ..models.kp_theme import HELD_STATES

COMMITMENT_STATES = ("done", "open", "cancelled")
ATTENDANCE_STATUSES = ("present", "absent", "excused")


class KpClosingReport(models.TransientModel):
    """The closing report (loppuraportti) of a table or one of its themes:
    the goal against the results, the meetings held, the themes and their
    results, the commitments and the attendance per organisation.

    The form shows the same QWeb body as the PDF (kp_report_closing_*), both
    built from ``_report_data``. Joint activities and contributions add
    their sections through ``_report_joint_activities`` and
    ``_report_contributions`` and the templates of the same names.
    """

    _name = "kp.closing.report"
    _description = "Closing Report"

    table_id = fields.Many2one("kp.table", required=True, readonly=True)
    theme_id = fields.Many2one("kp.theme", readonly=True)
    report_html = fields.Html(
        compute="_compute_report_html", sanitize=False, string="Report"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("table_id", "theme_id")
    @api.depends_context("lang")
    def _compute_report_html(self):
        for wizard in self:
            source = wizard._source()
            wizard.report_html = (
                self.env["ir.qweb"]._render(
                    "kumppanuuspoyta.kp_closing_report_body",
                    {"data": self._report_data(source)},
                )
                if source
                else False
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def _action_open(self, table=None, theme=None):
        """The report's form for a table, or for one of its themes."""
        table = theme.table_id if theme else table
        wizard = self.create(
            {"table_id": table.id, "theme_id": theme.id if theme else False}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Closing Report"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print(self):
        self.ensure_one()
        xmlid = (
            "kumppanuuspoyta.kp_report_closing_theme"
            if self.theme_id
            else "kumppanuuspoyta.kp_report_closing_table"
        )
        return self.env.ref(xmlid).report_action(self._source())

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _source(self):
        self.ensure_one()
        return self.theme_id or self.table_id

    @api.model
    def _report_data(self, source):
        """The sections of the closing report of ``source`` (a table or a
        theme), as the form and the PDF show them."""
        source.ensure_one()
        if source._name == "kp.theme":
            table = source.table_id
            # the theme is the report's subject, not one of its themes
            themes = source.browse()
            meetings = source._held_meetings()
            commitment_domain = [("theme_id", "=", source.id)]
            goal = source.goal or table.goal
        else:
            table = source
            themes = table.theme_ids
            meetings = table.meeting_ids.filtered(
                lambda m: m.state in HELD_STATES
            ).sorted("start")
            commitment_domain = [("table_id", "=", table.id)]
            goal = table.goal
        data = {
            "source": source,
            "table": table,
            "is_theme": source._name == "kp.theme",
            "tz": table.tz,
            "goal": goal,
            "themes": themes,
            "meetings": meetings,
            "commitments": self._report_commitments(commitment_domain),
            "attendance": self._report_attendance(meetings),
            # a theme's story in date order; a table's matters in
            # decision-making, each with its line back
            "timeline": source._kp_timeline() if source._name == "kp.theme" else [],
            "handoffs": self._report_handoffs(table)
            if source._name != "kp.theme"
            else self.env["kp.decision.handoff"],
        }
        # --- sections of joint activities and contributions -----------
        data["joint_activities"] = self._report_joint_activities(source, data)
        data["contributions"] = self._report_contributions(source, data)
        return data

    @api.model
    def _report_commitments(self, domain):
        """[(organisation, {state: count})], done, open and cancelled
        commitments per responsible organisation, in one query."""
        groups = self.env["kp.commitment"]._read_group(
            domain, ["organisation_id", "state"], ["__count"]
        )
        rows = {}
        for organisation, state, count in groups:
            row = rows.setdefault(organisation, dict.fromkeys(COMMITMENT_STATES, 0))
            row[state] = count
        return sorted(rows.items(), key=lambda row: row[0].name or "")

    @api.model
    def _report_handoffs(self, table):
        """The table's agreements handed off for decision (not withdrawn)."""
        return self.env["kp.decision.handoff"].search(
            [("table_id", "=", table.id), ("state", "in", HANDED_STATES)],
            order="id",
        )

    @api.model
    def _report_attendance(self, meetings):
        """[(organisation, {status: count})] over the meetings held: how many
        of them each organisation attended, was excused from or missed, as
        the attendance analysis counts them (kp.attendance.report: the
        organisation attended when one of its people was present). The
        residents, who sit in their own name, are summed in the last row."""
        groups = self.env["kp.attendance.report"]._read_group(
            [("meeting_id", "in", meetings.ids)],
            ["organisation_id"],
            ["attended_count:sum", "absent_count:sum", "excused_count:sum"],
        )
        residents = (
            self.env["kp.attendance"]
            .search(
                [("meeting_id", "in", meetings.ids), ("organisation_id", "=", False)]
            )
            .partner_id
        )
        rows = {}
        for organisation, present, absent, excused in groups:
            key = organisation.browse() if organisation in residents else organisation
            row = rows.setdefault(key, dict.fromkeys(ATTENDANCE_STATUSES, 0))
            row["present"] += present
            row["absent"] += absent
            row["excused"] += excused
        return sorted(rows.items(), key=lambda row: (not row[0], row[0].name or ""))

    @api.model
    def _report_joint_activities(self, source, data):
        """Joint activities with their occurrences, responsible
        organisations and visitors (issue 11): extended by the joint
        activities, rendered by kp_closing_report_joint_activities."""
        table, theme = self._report_table_and_theme(source)
        activities = table._closing_report_activities(theme)
        for activity in activities:
            for row in activity["occurrences"] + activity["planned"]:
                row["day"] = table._format_day(row["start"])
        return activities

    @api.model
    def _report_contributions(self, source, data):
        """What each partner brought, per organisation (issue 11): extended
        by the contributions, rendered by kp_closing_report_contributions."""
        table, theme = self._report_table_and_theme(source)
        rows = table._closing_report_contributions(theme)
        currency = table.kp_currency_id
        for row in rows:
            row["money_text"] = (
                formatLang(self.env, row["money"], currency_obj=currency)
                if row["money"]
                else ""
            )
        return rows

    @api.model
    def _report_table_and_theme(self, source):
        """The table of ``source`` and its theme (None for a table)."""
        if source._name == "kp.theme":
            return source.table_id, source
        return source, None

    @api.model
    def _filename(self, source):
        """The PDF's name: the report's and the table's or theme's."""
        name = self.env._("Closing report %(name)s", name=source.display_name)
        return FILENAME_UNSAFE.sub(" ", name).strip()

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.text import check_titles

# the meetings that have been held: they count as used for a theme
HELD_STATES = ("held", "minutes_draft", "minutes_approved", "minutes_distributed")
# more planned meetings than this for one theme is a typo
MAX_PLANNED_MEETINGS = 100


class KpTheme(models.Model):
    """A theme (teema) a table works on until it has results.

    Around one theme the table meets 1, 3, 5 or as many times as it takes:
    the meetings used are counted from the agenda items that carry the
    theme, and the results are recorded on the theme. A thematic table has
    one main theme; a regional table may have several.
    """

    _name = "kp.theme"
    _description = "Theme"
    _inherit = ["kp.gate.mixin", "kp.table.record.mixin"]
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=False)
    sequence = fields.Integer(default=10)
    table_id = fields.Many2one(ondelete="cascade")
    description = fields.Text()
    active = fields.Boolean(default=True)
    color = fields.Integer()
    goal = fields.Text(help="What the table wants to achieve on this theme.")
    planned_meeting_count = fields.Integer(
        string="Meetings Planned",
        default=3,
        required=True,
        help="How many meetings the table means to spend on the theme "
        "(1, 3, 5 ...) before it has results.",
    )
    date_start = fields.Date(
        string="Start Date",
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        help="The day the table started working on the theme (by default "
        "the day it was created, in the table's time zone).",
    )
    date_end = fields.Date(string="End Date")
    state = fields.Selection(
        [
            ("open", "Open"),
            ("results", "Has Results"),
            ("closed", "Closed"),
            ("dropped", "Dropped"),
        ],
        default="open",
        required=True,
        index=True,
        group_expand=True,
    )
    drop_reason = fields.Text(
        string="Why Dropped", help="Why the table stopped working on the theme."
    )
    results = fields.Text(
        string="What Was Achieved",
        help="The results of the theme, in the words the table agreed.",
    )
    results_date = fields.Date(string="Results Achieved On")
    result_agreement_ids = fields.Many2many(
        "kp.agreement",
        "kp_theme_result_agreement_rel",
        "theme_id",
        "agreement_id",
        string="Agreements That Led There",
        domain="[('table_id', '=', table_id)]",
    )
    result_commitment_ids = fields.Many2many(
        "kp.commitment",
        "kp_theme_result_commitment_rel",
        "theme_id",
        "commitment_id",
        string="Commitments That Led There",
        domain="[('table_id', '=', table_id)]",
    )
    agenda_item_ids = fields.One2many("kp.agenda.item", "theme_id", string="Agenda")
    meeting_ids = fields.Many2many(
        "kp.meeting",
        compute="_compute_meeting_ids",
        string="Meetings That Handled It",
        help="The held meetings with an agenda item on this theme.",
    )
    used_meeting_count = fields.Integer(
        compute="_compute_meetings",
        store=True,
        string="Meetings Used",
        help="Held meetings with an agenda item on this theme.",
    )
    meetings_summary = fields.Char(compute="_compute_meetings_summary")
    handoff_ids = fields.Many2many(
        "kp.decision.handoff",
        compute="_compute_handoff_ids",
        string="Hand-offs for Decision",
        help="The theme's agreements handed off to the municipality's "
        "decision-making, and what became of them.",
    )
    # a theme without results has none: the average counts only themes
    # with results (_read_group_select)
    days_to_results = fields.Integer(
        compute="_compute_days_to_results",
        store=True,
        aggregator="avg",
        string="Days to Results",
        help="Days from the theme's start to its results (themes with results).",
    )
    needs_results = fields.Boolean(
        compute="_compute_meetings",
        store=True,
        string="Meetings Used Without Results",
        help="The theme is open and has used all its planned meetings "
        "without recorded results.",
    )
    # the form's buttons: shown exactly when the gate lets the user through
    can_mark_results = fields.Boolean(compute="_compute_gate_buttons")
    can_close = fields.Boolean(compute="_compute_gate_buttons")
    can_drop = fields.Boolean(compute="_compute_gate_buttons")
    can_reopen = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "state",
        "planned_meeting_count",
        "agenda_item_ids.meeting_id",
        "agenda_item_ids.meeting_id.state",
    )
    def _compute_meetings(self):
        for theme in self:
            meetings = theme._held_meetings()
            theme.used_meeting_count = len(meetings)
            theme.needs_results = (
                theme.state == "open" and len(meetings) >= theme.planned_meeting_count
            )

    @api.depends("agenda_item_ids.meeting_id.state")
    def _compute_meeting_ids(self):
        for theme in self:
            theme.meeting_ids = theme._held_meetings()

    @api.depends("agenda_item_ids")
    def _compute_handoff_ids(self):
        handoffs = self.env["kp.decision.handoff"].search(
            [("agreement_id.theme_id", "in", self.ids)]
        )
        by_theme = handoffs.grouped(lambda h: h.agreement_id.theme_id)
        for theme in self:
            theme.handoff_ids = by_theme.get(theme._origin, handoffs.browse())

    @api.depends("table_id")
    def _compute_date_start(self):
        # the table's today, not the creator's or the server's
        for theme in self:
            if not theme.date_start:
                theme.date_start = theme.table_id._today()

    @api.depends("date_start", "results_date")
    def _compute_days_to_results(self):
        for theme in self:
            start, end = theme.date_start, theme.results_date
            theme.days_to_results = (end - start).days if start and end else 0

    @api.depends("used_meeting_count", "planned_meeting_count")
    @api.depends_context("lang")
    def _compute_meetings_summary(self):
        for theme in self:
            theme.meetings_summary = self.env._(
                "%(used)s of %(planned)s planned meetings used",
                used=theme.used_meeting_count,
                planned=theme.planned_meeting_count,
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

    @api.constrains("planned_meeting_count")
    def _check_planned_meeting_count(self):
        for theme in self:
            count = theme.planned_meeting_count
            if count < 1 or count > MAX_PLANNED_MEETINGS:
                raise ValidationError(
                    self.env._(
                        "The theme %(theme)s needs at least one planned meeting "
                        "and at most %(max)s.",
                        theme=theme.name,
                        max=MAX_PLANNED_MEETINGS,
                    )
                )

    @api.constrains("date_start", "date_end", "results_date")
    def _check_dates(self):
        self._check_not_before(
            "date_start",
            "date_end",
            lambda theme: self.env._(
                "The theme %(theme)s cannot end before it starts.", theme=theme.name
            ),
        )
        self._check_not_before(
            "date_start",
            "results_date",
            lambda theme: self.env._(
                "The theme %(theme)s cannot have results before it starts.",
                theme=theme.name,
            ),
        )

    @api.constrains("state", "results", "drop_reason")
    def _check_state_needs_words(self):
        for theme in self:
            if (
                theme.state in ("results", "closed")
                and not (theme.results or "").strip()
            ):
                raise ValidationError(theme._no_results_message())
            if theme.state == "dropped" and not (theme.drop_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Tell why the theme %(theme)s is dropped.", theme=theme.name
                    )
                )

    @api.constrains("result_agreement_ids", "result_commitment_ids", "table_id")
    def _check_results_of_table(self):
        for theme in self:
            others = (
                theme.result_agreement_ids.table_id
                | theme.result_commitment_ids.table_id
            ) - theme.table_id
            if others:
                raise ValidationError(
                    self.env._(
                        "The results of the theme %(theme)s can only name "
                        "agreements and commitments of its own table.",
                        theme=theme.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_only_without_history(self):
        for theme in self:
            if theme.agenda_item_ids or theme.state != "open" or theme.results:
                raise UserError(
                    self.env._(
                        "The theme %(theme)s has history and cannot be deleted. "
                        "Archive it instead.",
                        theme=theme.name,
                    )
                )

    def _read_group_select(self, aggregate_spec, query):
        # days to results exist only for themes with results: the others
        # store 0 (an integer column), which must not pull the average down
        if aggregate_spec != "days_to_results:avg":
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "AVG(CASE WHEN %s IS NOT NULL THEN %s END)",
            self._field_to_sql(self._table, "results_date", query),
            self._field_to_sql(self._table, "days_to_results", query),
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_results(self):
        self._check_transition("results")
        self.write({"state": "results"})
        for theme in self.filtered(lambda t: not t.results_date):
            theme.results_date = theme.table_id._today()

    def action_close(self):
        self._check_transition("close")
        self.write({"state": "closed"})
        for theme in self.filtered(lambda t: not t.date_end):
            theme.date_end = theme.table_id._today()
        return self._closing_report_action()

    def action_open_drop_wizard(self):
        self.ensure_one()
        self._check_transition("drop")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Drop the Theme"),
            "res_model": "kp.theme.drop.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_theme_id": self.id},
        }

    def action_drop(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Tell why the theme is dropped."))
        self._check_transition("drop")
        for table, themes in self.grouped("table_id").items():
            themes.write(
                {
                    "state": "dropped",
                    "drop_reason": reason.strip(),
                    "date_end": table._today(),
                }
            )
        return self._closing_report_action()

    def action_reopen(self):
        self._check_transition("reopen")
        self.write({"state": "open"})

    def action_closing_report(self):
        return self._closing_report_action()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        return {
            "results": (("open",), "results"),
            "close": (("results",), "closed"),
            "drop": (("open", "results"), "dropped"),
            "reopen": (("results", "closed", "dropped"), "open"),
        }

    def _gate_buttons(self):
        return {
            "can_mark_results": "results",
            "can_close": "close",
            "can_drop": "drop",
            "can_reopen": "reopen",
        }

    def _gate_depends(self):
        return (*super()._gate_depends(), "results")

    def _gate_error(self, transition):
        error = super()._gate_error(transition)
        if not error and transition == "results" and not (self.results or "").strip():
            return self._no_results_message()
        return error

    def _held_meetings(self):
        """The held meetings with an agenda item on the theme, by date."""
        self.ensure_one()
        return self.agenda_item_ids.meeting_id.filtered(
            lambda m: m.state in HELD_STATES
        ).sorted("start")

    def _closing_report_filename(self):
        """The closing report's PDF name (the report's print_report_name)."""
        self.ensure_one()
        return self.env["kp.closing.report"]._filename(self)

    def _no_results_message(self):
        return self.env._(
            "Record what was achieved on the theme %(theme)s before marking "
            "it as having results.",
            theme=self.name,
        )

    def _closing_report_action(self):
        """The closing report of the theme, offered when it ends."""
        if len(self) != 1:
            return True
        return self.env["kp.closing.report"]._action_open(theme=self)

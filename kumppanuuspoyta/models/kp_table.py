from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools.text import check_titles

MAX_MEETING_HOURS = 8.0
# the time zone of a table whose municipality (company) has none set
DEFAULT_TZ = "Europe/Helsinki"


class KpTable(models.Model):
    """A partnership table (kumppanuuspöytä): a standing cross-sector forum."""

    _name = "kp.table"
    _description = "Partnership Table"
    _inherit = ["mail.thread", "mail.activity.mixin", "kp.gate.mixin"]
    _order = "state_sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("thematic", "Thematic"), ("regional", "Regional")],
        required=True,
        default="thematic",
        tracking=True,
        help="A thematic table works on one theme; a regional table handles "
        "the matters of an area and may have several themes.",
    )
    area = fields.Char(help="Municipality, former municipality or village area.")
    goal = fields.Text(tracking=True, help="The goal the participants agreed together.")
    description = fields.Html()
    content_type_ids = fields.Many2many("kp.content.type", string="Partnership Content")
    residents_participate = fields.Boolean(
        string="Residents Take Part",
        default=True,
        help="Residents or villagers sit at this table, not only organisations.",
    )
    project_id = fields.Many2one(
        "kp.project", string="Supporting Project", check_company=True, index=True
    )
    funder = fields.Char(related="project_id.funder")
    cadence = fields.Selection(
        [
            ("weekly", "Weekly"),
            ("biweekly", "Every Two Weeks"),
            ("monthly", "Monthly"),
            ("bimonthly", "Every Two Months"),
            ("quarterly", "Quarterly"),
            ("agreed", "As Agreed"),
        ],
        string="Meeting Cadence",
        default="monthly",
        required=True,
    )
    default_duration = fields.Float(
        string="Default Meeting Length",
        default=1.5,
        help="Length of a meeting in hours (usually 1–1.5 h).",
    )
    state = fields.Selection(
        [
            ("forming", "Forming"),
            ("active", "Active"),
            ("paused", "Paused"),
            ("ended", "Ended"),
        ],
        string="Lifecycle",
        default="forming",
        required=True,
        tracking=True,
        group_expand=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    theme_ids = fields.One2many("kp.theme", "table_id", string="Themes")
    main_theme_id = fields.Many2one(
        "kp.theme",
        compute="_compute_main_theme_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="set null",
        check_company=True,
        domain="[('table_id', '=', id)]",
        tracking=True,
        help="The theme a thematic table works on; a regional table handles "
        "several themes side by side.",
    )
    theme_count = fields.Integer(compute="_compute_theme_warning")
    needs_results_theme_ids = fields.Many2many(
        "kp.theme",
        compute="_compute_theme_warning",
        string="Themes Without Results",
        help="Open themes that have used all their planned meetings without "
        "recorded results.",
    )
    participant_ids = fields.One2many(
        "kp.participant", "table_id", string="Participants"
    )
    required_role_ids = fields.Many2many(
        "kp.role",
        string="Required Roles",
        help="Roles someone must always have at this table, "
        "e.g. the village ombudsman.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self._default_tz(),
        help="Meeting times in e-mails, on the portal and in the minutes are "
        "shown in this time zone unless the reader has one of their own.",
    )
    meeting_ids = fields.One2many("kp.meeting", "table_id", string="Meetings")
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    standing_item_ids = fields.One2many(
        "kp.standing.item",
        "table_id",
        string="Standing Agenda Items",
        help="Items every new meeting of this table gets on its agenda, "
        "e.g. Opening and Next meeting.",
    )
    proposal_count = fields.Integer(compute="_compute_meeting_count")
    # the form's buttons: shown exactly when the gate lets the user through
    can_plan_meeting = fields.Boolean(compute="_compute_gate_buttons")
    can_activate = fields.Boolean(compute="_compute_gate_buttons")
    can_pause = fields.Boolean(compute="_compute_gate_buttons")
    can_end = fields.Boolean(compute="_compute_gate_buttons")
    can_reopen = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # DEFAULTS AND COMPUTES
    # ------------------------------------------------------------

    @api.model
    def _default_tz(self):
        return self.env.company._kp_tz()

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"active": 1, "forming": 2, "paused": 3, "ended": 4}
        for table in self:
            table.state_sequence = order.get(table.state, 9)

    @api.depends("kind", "theme_ids")
    def _compute_main_theme_id(self):
        # a thematic table works on its first theme unless another is chosen
        for table in self:
            if table.kind != "thematic":
                table.main_theme_id = False
            elif table.main_theme_id not in table.theme_ids:
                table.main_theme_id = table.theme_ids[:1]

    @api.depends("theme_ids.needs_results")
    def _compute_theme_warning(self):
        for table in self:
            table.theme_count = len(table.theme_ids)
        self._assign_by_value(
            "needs_results_theme_ids",
            lambda table: table.theme_ids.filtered("needs_results"),
        )

    def _compute_meeting_count(self):
        meetings = dict(
            self.env["kp.meeting"]._read_group(
                [("table_id", "in", self.ids)], ["table_id"], ["__count"]
            )
        )
        proposals = dict(
            self.env["kp.agenda.item"]._read_group(
                [("table_id", "in", self.ids), ("state", "=", "proposed")],
                ["table_id"],
                ["__count"],
            )
        )
        for table in self:
            table.meeting_count = meetings.get(table, 0)
            table.proposal_count = proposals.get(table, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

    @api.constrains("main_theme_id")
    def _check_main_theme(self):
        for table in self:
            if table.main_theme_id and table.main_theme_id.table_id != table:
                raise ValidationError(
                    self.env._(
                        "The main theme of %(table)s must be one of its own themes.",
                        table=table.display_name,
                    )
                )

    @api.constrains("company_id")
    def _check_company_of_contents(self):
        # a table moved to another municipality takes its people and
        # commitments along: their contacts must belong there too
        tables = self.sudo().with_context(active_test=False)
        tables.participant_ids._check_company(["company_id"])
        tables.env["kp.commitment"].search(
            [("table_id", "in", self.ids)]
        )._check_company(["company_id"])

    @api.constrains("default_duration")
    def _check_default_duration(self):
        for table in self:
            if (
                table.default_duration <= 0
                or table.default_duration > MAX_MEETING_HOURS
            ):
                raise ValidationError(
                    self.env._(
                        "The default meeting length of %(table)s must be more than "
                        "0 and at most %(max)s hours.",
                        table=table.display_name,
                        max=int(MAX_MEETING_HOURS),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # A coordinator who founds a table sits at it as its convener, so the
        # table stays theirs to manage.
        partner = self.env.user.partner_id
        convener = self.env.ref(
            "kumppanuuspoyta.kp_role_convener", raise_if_not_found=False
        )
        if not self.env.user.has_group("kumppanuuspoyta.group_kp_manager") and convener:
            for vals in vals_list:
                if not vals.get("participant_ids"):
                    vals["participant_ids"] = [
                        Command.create(
                            {
                                "partner_id": partner.id,
                                "role_ids": [Command.set(convener.ids)],
                            }
                        )
                    ]
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_without_history(self):
        for table in self:
            if table.participant_ids or table.theme_ids or table.state != "forming":
                raise UserError(
                    self.env._(
                        "The table %(table)s has history and cannot be deleted. "
                        "Archive it instead.",
                        table=table.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_activate(self):
        self._check_transition("activate")
        self.write({"state": "active"})

    def action_pause(self):
        self._check_transition("pause")
        self.write({"state": "paused"})

    def action_end(self):
        """End the table and offer its closing report."""
        self._check_transition("end")
        self.write({"state": "ended"})
        if len(self) == 1:
            return self.action_closing_report()
        return True

    def action_closing_report(self):
        """The closing report of the table: goal against results."""
        self.ensure_one()
        return self.env["kp.closing.report"]._action_open(table=self)

    def action_view_themes(self):
        return self._table_action("kp_theme_action", group_by="state")

    def action_reopen(self):
        self._check_transition("reopen")
        self.write({"state": "active"})

    def action_view_meetings(self):
        return self._table_action("kp_meeting_action")

    def action_view_proposals(self):
        return self._table_action(
            "kp_agenda_item_proposal_action", search_default_proposed=1
        )

    def action_view_attendance(self):
        return self._table_action("kp_attendance_action", new=False)

    def action_view_participants(self):
        return self._table_action("kp_participant_action", search_default_current=1)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _table_action(self, xmlid, new=True, **context):
        """The addon's window action ``xmlid`` on this table's records; with
        ``new``, what is created there is at this table, and ``context``
        adds the view's filters and grouping."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            f"kumppanuuspoyta.{xmlid}"
        )
        action["domain"] = [("table_id", "=", self.id)]
        if new:
            action["context"] = {"default_table_id": self.id, **context}
        return action

    def _closing_report_filename(self):
        """The closing report's PDF name (the report's print_report_name)."""
        self.ensure_one()
        return self.env["kp.closing.report"]._filename(self)

    def _gate_moves(self):
        return {
            "activate": (("forming", "paused"), "active"),
            "pause": (("active",), "paused"),
            "end": (("forming", "active", "paused"), "ended"),
            "reopen": (("ended",), "active"),
        }

    def _gate_buttons(self):
        return {
            "can_plan_meeting": "plan_meeting",
            "can_activate": "activate",
            "can_pause": "pause",
            "can_end": "end",
            "can_reopen": "reopen",
        }

    def _gate_depends(self):
        return (
            *super()._gate_depends(),
            "active",
            "participant_ids.state",
            "participant_ids.active",
        )

    def _gate_error(self, transition):
        error = super()._gate_error(transition)
        if error or transition != "plan_meeting":
            return error
        return self._plan_meeting_error()

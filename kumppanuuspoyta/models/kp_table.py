from collections import defaultdict
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.base.models.res_partner import _tz_get

from ..tools.calendar import next_working_day
from ..tools.text import check_titles

MAX_MEETING_HOURS = 8.0
CADENCE_STEP = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
    "bimonthly": relativedelta(months=2),
    "quarterly": relativedelta(months=3),
    "agreed": relativedelta(months=1),
}
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
    # Who sits at the table, defined once (kp.participant._current) and
    # stored, so that record rules, filters and the portal point at it.
    member_partner_ids = fields.Many2many(
        "res.partner",
        "kp_table_member_partner_rel",
        "table_id",
        "partner_id",
        compute="_compute_member_ids",
        store=True,
        string="Current Participants",
        help="The people who sit at the table now: joined or invited, not left.",
    )
    member_user_ids = fields.Many2many(
        "res.users",
        "kp_table_member_user_rel",
        "table_id",
        "user_id",
        compute="_compute_member_ids",
        store=True,
        string="Current Participant Users",
    )
    coordinator_user_ids = fields.Many2many(
        "res.users",
        "kp_table_coordinator_user_rel",
        "table_id",
        "user_id",
        compute="_compute_member_ids",
        store=True,
        string="Coordinator Users",
        help="The users among the members whose role manages the table "
        "(convener, chair, secretary, ...).",
    )
    participant_count = fields.Integer(compute="_compute_counts")
    organisation_count = fields.Integer(compute="_compute_counts")
    required_role_ids = fields.Many2many(
        "kp.role",
        string="Required Roles",
        help="Roles someone must always have at this table, "
        "e.g. the village ombudsman.",
    )
    missing_role_ids = fields.Many2many(
        "kp.role", compute="_compute_counts", string="Missing Roles"
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

    @api.depends(
        "participant_ids.state",
        "participant_ids.active",
        "participant_ids.partner_id",
        "participant_ids.user_id",
        "participant_ids.coordinates",
    )
    def _compute_member_ids(self):
        for table in self:
            current = table.participant_ids._current()
            table.member_partner_ids = current.partner_id
            table.member_user_ids = current.user_id
            table.coordinator_user_ids = current.filtered("coordinates").user_id

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

    @api.depends(
        "required_role_ids",
        "participant_ids.state",
        "participant_ids.active",
        "participant_ids.organisation_id",
        "participant_ids.role_ids",
    )
    def _compute_counts(self):
        # who has joined each table, and what follows, for all the kanban's
        # cards at once
        joined = self._joined_participants()
        for table in self:
            table.participant_count = len(joined[table])
            table.organisation_count = len(joined[table].organisation_id)
        # the roles of every table's people in one query, not table by table
        self.participant_ids.mapped("role_ids")
        self._assign_by_value(
            "missing_role_ids",
            lambda table: table.required_role_ids - joined[table].role_ids,
        )

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
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_theme_action"
        )
        action["domain"] = [("table_id", "=", self.id)]
        action["context"] = {"default_table_id": self.id, "group_by": "state"}
        return action

    def action_reopen(self):
        self._check_transition("reopen")
        self.write({"state": "active"})

    def _next_meeting_start(self):
        """The next start after the last meeting, one cadence step later.

        Steps are taken in local time so a meeting at 9:00 stays at 9:00
        across the change to and from summer time.
        """
        self.ensure_one()
        step = CADENCE_STEP[self.cadence]
        now = self._now_local()
        last = self.meeting_ids.filtered(lambda m: m.state != "cancelled").sorted(
            "start"
        )[-1:]
        if last:
            local = self._to_local(last.start)
        else:
            local = datetime.combine(self._today(), time(9, 0))
        local += step
        while local <= now:
            local += step
        # never on a weekend or a public holiday (New Year's Day, Midsummer)
        local = datetime.combine(next_working_day(local.date()), local.time())
        return self._to_utc(local)

    def action_plan_next_meeting(self):
        """A new meeting on the next date of the cadence, with the same chair
        and secretary as the last meeting (or the table's chair and secretary)."""
        self.ensure_one()
        self._check_can_meet()
        # who runs the table plans its meetings (the gate asks write access)
        self._check_transition("plan_meeting")
        last = self.meeting_ids.sorted("start")[-1:]
        start = self._next_meeting_start()
        # who leads a meeting has joined the table, not only been invited
        joined = self.participant_ids._joined()

        def with_role(xmlid):
            role = self.env.ref(xmlid)
            return joined.filtered(lambda p: role in p.role_ids)[:1]

        chair = (
            last.chair_id
            if last.chair_id in joined
            else with_role("kumppanuuspoyta.kp_role_chair")
        )
        secretary = (
            last.secretary_id
            if last.secretary_id in joined
            else with_role("kumppanuuspoyta.kp_role_secretary")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Next Meeting"),
            "res_model": "kp.meeting",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_table_id": self.id,
                "default_name": self.name,
                "default_start": fields.Datetime.to_string(start),
                "default_duration": self.default_duration,
                "default_location": last.location,
                "default_videocall_location": last.videocall_location,
                "default_chair_id": chair.id,
                "default_secretary_id": secretary.id,
            },
        }

    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_meeting_action"
        )
        action["domain"] = [("table_id", "=", self.id)]
        action["context"] = {"default_table_id": self.id}
        return action

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_agenda_item_proposal_action"
        )
        action["domain"] = [("table_id", "=", self.id)]
        action["context"] = {"default_table_id": self.id, "search_default_proposed": 1}
        return action

    def action_view_attendance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_attendance_action"
        )
        action["domain"] = [("table_id", "=", self.id)]
        return action

    def action_view_participants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_participant_action"
        )
        action["domain"] = [("table_id", "=", self.id)]
        action["context"] = {"default_table_id": self.id, "search_default_current": 1}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _closing_report_filename(self):
        """The closing report's PDF name (the report's print_report_name)."""
        self.ensure_one()
        return self.env["kp.closing.report"]._filename(self)

    def _flush_members(self):
        """Store the member relations now: record rules and searches read
        them in SQL, and conditions on many2many fields do not flush pending
        recomputations themselves."""
        self.flush_recordset(
            ["member_partner_ids", "member_user_ids", "coordinator_user_ids"]
        )

    def _joined_participants(self):
        """{table: its joined participants} for all of ``self`` at once: the
        kanban computes its cards together, and one filter of all their
        participants costs what one card's did."""
        joined = self.participant_ids._joined().grouped("table_id")
        empty = self.env["kp.participant"]
        return {table: joined.get(table, empty) for table in self}

    def _meeting_partners(self):
        """The people invited to the table's meetings: who has joined it."""
        return self.participant_ids._joined().partner_id

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

    def _plan_meeting_error(self):
        """Why the next meeting cannot be planned from the table now, or False:
        a meeting needs a saved, running table and someone who has joined it
        to invite."""
        self.ensure_one()
        if not self._origin.id:
            return self.env._("Save the table before planning its meetings.")
        if self.state == "ended" or not self.active:
            return self._cannot_meet_message()
        if self.state == "paused":
            return self.env._(
                "The table %(table)s is paused: activate it before planning a meeting.",
                table=self.display_name,
            )
        if not self.participant_ids._joined():
            return self.env._(
                "No one has joined the table %(table)s yet: seat the participants "
                "before planning a meeting.",
                table=self.display_name,
            )
        return False

    def _check_can_meet(self):
        for table in self:
            if table.state == "ended" or not table.active:
                raise ValidationError(table._cannot_meet_message())

    def _cannot_meet_message(self):
        return self.env._(
            "The table %(table)s has ended or is archived: "
            "no meetings can be planned for it.",
            table=self.display_name,
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _assign_by_value(self, field_name, value_of):
        """Assign ``value_of(table)`` to the relational ``field_name`` of each
        table, once per distinct value: the cards of the kanban mostly share
        one (no missing role, no theme without results), and an assignment
        costs the same for one record as for all of them."""
        tables_by_value = defaultdict(list)
        for table in self:
            tables_by_value[value_of(table)].append(table.id)
        for value, ids in tables_by_value.items():
            self.browse(ids)[field_name] = value

    def _meeting_name(self, name, start, lang=None):
        """A meeting's ``name`` with the local date of its ``start`` (naive
        UTC) in the reader's language (or ``lang``), unless the name already
        shows it."""
        if not self or not start or not name:
            return name
        self.ensure_one()
        day = self._to_local(fields.Datetime.to_datetime(start)).date()
        formatted = self._format_day(day, lang=lang)
        return name if formatted in name else f"{name} {formatted}"

    def _event_lang(self):
        """The language of what the table's calendar events carry for all
        attendees alike (the .ics summary, the agenda in the description): its
        municipality's."""
        self.ensure_one()
        return self.company_id.partner_id.lang or self.env.lang

    def _to_local(self, utc_datetime):
        """A naive UTC datetime as the naive local time of the table's zone."""
        self.ensure_one()
        zone = pytz.timezone(self.tz or DEFAULT_TZ)
        return pytz.utc.localize(utc_datetime).astimezone(zone).replace(tzinfo=None)

    def _to_utc(self, local_datetime):
        """A naive local time of the table's zone as a naive UTC datetime."""
        self.ensure_one()
        zone = pytz.timezone(self.tz or DEFAULT_TZ)
        return zone.localize(local_datetime).astimezone(pytz.utc).replace(tzinfo=None)

    def _now_local(self):
        """The time now at the table: naive, in its time zone. No table (a
        record whose table is not chosen yet): the municipality's
        (``res.company._kp_now_local``)."""
        if not self:
            return self.env.company._kp_now_local()
        return self._to_local(fields.Datetime.now())

    def _today(self):
        """Today at the table: the date now in its time zone.

        The one "today" of the addon: defaults, deadlines, overdue and
        reminders, turns and the reports compare a table's dates with this,
        never with the user's or the server's (UTC) date, so every reader
        and every job agree on the day. Search domains use
        ``_today_domain``."""
        return self._now_local().date()

    @api.model
    def _today_domain(self, condition, path="table_id"):
        """A domain comparing with each table's today: ``condition(today)``
        (a domain) for the records whose table (at ``path``) is in a time
        zone where the date now is ``today``, over every zone the tables of
        the database use (one query for the zones, whoever searches)."""
        tables = self.sudo().with_context(active_test=False)
        by_day = defaultdict(list)
        for (tz,) in tables._read_group([], ["tz"]):
            by_day[tables.new({"tz": tz})._today()].append(tz)
        if len(by_day) < 2:
            return Domain(condition(next(iter(by_day), None) or self._today()))
        return Domain.OR(
            Domain(path, "in", tables._search([("tz", "in", zones)]))
            & Domain(condition(day))
            for day, zones in by_day.items()
        )

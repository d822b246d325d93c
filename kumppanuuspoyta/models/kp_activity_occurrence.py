from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# the most visitors one occurrence is believed to have
MAX_VISITORS = 100000
# what the responsible organisation's people change of their own turn
OWNER_FIELDS = {"confirmed", "swap_organisation_id", "swap_reason", "visitors", "note"}
# what only who manages the table does with a turn
MANAGED = {"manage", "held", "cancelled", "reset", "swap_accept", "swap_refuse"}
DECISIONS = ("swap_accept", "swap_refuse")


class KpActivityOccurrence(models.Model):
    """One occurrence (kerta) of a joint activity, with one main responsible
    organisation: its turn in the roster, or the one that took it in a swap
    for its own. Who ran which occurrence stays in the tracking history."""

    _name = "kp.activity.occurrence"
    _description = "Joint Activity Occurrence"
    _inherit = ["mail.thread", "kp.mail.mixin", "kp.gate.mixin"]
    _order = "start, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    activity_id = fields.Many2one(
        "kp.joint.activity",
        string="Joint Activity",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('table_id.is_managed', '=', True)]",
    )
    name = fields.Char(related="activity_id.name", string="Joint Activity Name")
    table_id = fields.Many2one(related="activity_id.table_id", store=True, index=True)
    company_id = fields.Many2one(
        related="activity_id.company_id", store=True, index=True
    )
    place = fields.Char(
        compute="_compute_place", store=True, readonly=False, precompute=True
    )
    start = fields.Datetime(required=True, tracking=True)
    duration = fields.Float(
        string="Length",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    stop = fields.Datetime(compute="_compute_stop", store=True)
    organisation_id = fields.Many2one(
        "res.partner",
        string="Responsible Organisation",
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        # the organisations that have joined the table
        domain="[('is_company', '=', True), ('kp_organisation_seat_ids', 'any', "
        "[('table_id', '=', table_id), ('state', '=', 'active')])]",
    )
    contact_partner_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        compute="_compute_contact_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', organisation_id)]",
    )
    rostered_organisation_id = fields.Many2one(
        "res.partner",
        string="Turn in the Roster",
        readonly=True,
        ondelete="restrict",
        help="The organisation whose turn this was in the roster; the next "
        "season continues after it.",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )
    confirmed = fields.Boolean(
        string="Turn Confirmed",
        tracking=True,
        help="The responsible organisation has confirmed it runs this occurrence.",
    )
    swap_organisation_id = fields.Many2one(
        "res.partner",
        string="Swap Requested To",
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('id', 'in', swap_candidate_ids)]",
        help="The organisation the responsible organisation asks to exchange "
        "turns with: when the coordinator accepts, it runs this occurrence and "
        "the responsible organisation runs its nearest coming turn instead.",
    )
    swap_candidate_ids = fields.Many2many(
        "res.partner",
        compute="_compute_swap_candidate_ids",
        string="Organisations to Swap With",
        help="The other organisations with a coming turn of the same activity.",
    )
    swap_reason = fields.Char(string="Reason for the Swap")
    visitors = fields.Integer(tracking=True, help="How many people came.")
    note = fields.Text(string="Notes", help="A short note on how it went.")
    is_own = fields.Boolean(
        compute="_compute_is_own",
        search="_search_is_own",
        string="My Organisation's",
        help="The current user's organisation is responsible for it.",
    )
    active = fields.Boolean(default=True)
    # the form's buttons (and the portal's): shown exactly when the gate
    # lets the user through
    can_confirm = fields.Boolean(compute="_compute_gate_buttons")
    can_request_swap = fields.Boolean(compute="_compute_gate_buttons")
    can_accept_swap = fields.Boolean(compute="_compute_gate_buttons")
    can_refuse_swap = fields.Boolean(compute="_compute_gate_buttons")
    can_mark_held = fields.Boolean(compute="_compute_gate_buttons")
    can_cancel = fields.Boolean(compute="_compute_gate_buttons")
    can_reset = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("activity_id")
    def _compute_place(self):
        for occurrence in self:
            if not occurrence.place:
                occurrence.place = occurrence.activity_id.place

    @api.depends("activity_id")
    def _compute_duration(self):
        for occurrence in self:
            if not occurrence.duration:
                occurrence.duration = occurrence.activity_id.duration or 1.0

    @api.depends("organisation_id")
    def _compute_contact_partner_id(self):
        # the organisation's first person at the table, unless one was chosen
        people = self.table_id.participant_ids._joined()
        for occurrence in self:
            contact = occurrence.contact_partner_id
            if contact and contact.commercial_partner_id == occurrence.organisation_id:
                continue
            if not occurrence.organisation_id:
                occurrence.contact_partner_id = False
                continue
            occurrence.contact_partner_id = people.filtered(
                lambda p, o=occurrence: (
                    p.table_id == o.table_id and p.organisation_id == o.organisation_id
                )
            ).partner_id[:1]

    @api.depends("start", "duration")
    def _compute_stop(self):
        for occurrence in self:
            occurrence.stop = occurrence.start and occurrence.start + timedelta(
                hours=occurrence.duration or 1.0
            )

    @api.depends("activity_id", "organisation_id")
    def _compute_swap_candidate_ids(self):
        for occurrence in self:
            occurrence.swap_candidate_ids = (
                occurrence._swap_turns().sudo().organisation_id
            )

    def _own_domain(self, partner=None):
        """The occurrences the current user's (or ``partner``'s) organisation
        is responsible for: the one definition the record rules, the portal
        and the replies by e-mail use."""
        organisation = (partner or self.env.user.partner_id).commercial_partner_id
        return [("organisation_id", "=", organisation.id)]

    @api.depends_context("uid")
    def _compute_is_own(self):
        own = self.filtered_domain(self._own_domain())
        for occurrence in self:
            occurrence.is_own = occurrence in own

    def _search_is_own(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._own_domain() if True in value else ["!", *self._own_domain()]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("organisation_id", "activity_id")
    def _check_organisation(self):
        for occurrence in self:
            if not occurrence.organisation_id:
                raise ValidationError(
                    self.env._(
                        "Every occurrence of %(activity)s needs a main responsible "
                        "organisation.",
                        activity=occurrence.activity_id.display_name,
                    )
                )
            occurrence.table_id._check_organisation_at_table(occurrence.organisation_id)

    @api.constrains("swap_organisation_id")
    def _check_swap_organisation(self):
        for occurrence in self.filtered("swap_organisation_id"):
            organisation = occurrence.swap_organisation_id
            occurrence.table_id._check_organisation_at_table(organisation)
            error = occurrence._swap_counterpart_error()
            if error:
                raise ValidationError(error)

    @api.constrains("contact_partner_id", "organisation_id")
    def _check_contact(self):
        for occurrence in self.filtered(
            lambda o: o.contact_partner_id and o.organisation_id
        ):
            contact = occurrence.contact_partner_id
            if contact.commercial_partner_id != occurrence.organisation_id:
                raise ValidationError(
                    self.env._(
                        "The contact person %(person)s is not of the responsible "
                        "organisation %(organisation)s.",
                        person=contact.display_name,
                        organisation=occurrence.organisation_id.display_name,
                    )
                )

    @api.constrains("visitors")
    def _check_visitors(self):
        for occurrence in self:
            if not 0 <= occurrence.visitors <= MAX_VISITORS:
                raise ValidationError(
                    self.env._(
                        "The number of visitors must be between 0 and %(max)s.",
                        max=occurrence.table_id._format_number(MAX_VISITORS),
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for occurrence in self:
            if occurrence.duration <= 0 or occurrence.duration > 24:
                raise ValidationError(
                    self.env._(
                        "An occurrence must last more than 0 and at most 24 hours."
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_only_planned(self):
        for occurrence in self:
            if occurrence.state != "planned" or occurrence.visitors:
                raise UserError(
                    self.env._(
                        "An occurrence that was held or cancelled is not deleted: "
                        "archive it instead."
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm_turn(self):
        self._check_transition("confirm")
        self.write({"confirmed": True})

    def action_held(self):
        self._check_transition("held")
        self.write({"state": "held"})

    def action_cancel(self):
        self._check_transition("cancelled")
        self.write({"state": "cancelled"})

    def action_reset(self):
        self._check_transition("reset")
        self.write({"state": "planned"})

    def action_accept_swap(self):
        """The coordinator accepts the requested swap: the two organisations
        exchange this turn and the other's nearest coming one."""
        self._check_transition("swap_accept")
        for occurrence in self:
            occurrence.activity_id._exchange_turns(
                occurrence, occurrence._swap_counterpart()
            )

    def action_refuse_swap(self):
        self._check_transition("swap_refuse")
        self.write({"swap_organisation_id": False, "swap_reason": False})

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        return {
            "held": (("planned",), "held"),
            "cancelled": (("planned",), "cancelled"),
            "reset": (("held", "cancelled"), "planned"),
        }

    def _gate_buttons(self):
        return {
            "can_confirm": "confirm",
            "can_request_swap": "swap_request",
            "can_accept_swap": "swap_accept",
            "can_refuse_swap": "swap_refuse",
            "can_mark_held": "held",
            "can_cancel": "cancelled",
            "can_reset": "reset",
        }

    def _gate_depends(self):
        return (*super()._gate_depends(), "start", "confirmed", "swap_organisation_id")

    def _gate_updates(self, vals):
        """Who manages the table changes everything (``'manage'``); the
        responsible organisation's people (the record rules say who may
        write at all) confirm the turn, ask for a swap and record visitors
        and notes."""
        updates = ["manage"] if set(vals) - OWNER_FIELDS - {"state"} else []
        if vals.get("confirmed") and not self.confirmed:
            updates.append("confirm")
        if vals.get("swap_organisation_id"):
            updates.append("swap_request")
        return updates

    def _gate_error(self, transition):
        error = super()._gate_error(transition)
        if not error and transition in MANAGED:
            error = self._gate_table_error()
        if error:
            return error
        if transition == "held" and self.start > fields.Datetime.now():
            return self.env._("An occurrence that has not started cannot be held.")
        if transition == "confirm":
            return self._confirm_error()
        if transition == "swap_request":
            return self._swap_request_error()
        if transition in DECISIONS and not self.swap_organisation_id:
            return self.env._("No swap has been requested for this occurrence.")
        if transition == "swap_accept":
            return self._swap_counterpart_error()
        return False

    def _swap_request_error(self):
        if self.state != "planned" or self.start <= fields.Datetime.now():
            return self.env._("Only a coming, planned turn can be swapped.")
        if not self._swap_turns():
            return self.env._(
                "No other organisation has a coming turn of %(activity)s to swap with.",
                activity=self.activity_id.display_name,
            )
        return False

    def _confirm_error(self):
        if self.state != "planned":
            return self.env._("Only a planned turn can be confirmed.")
        if self.confirmed:
            return self.env._("The turn is already confirmed.")
        if self.swap_organisation_id:
            return self.env._(
                "A swap of this turn with %(organisation)s waits for the "
                "coordinator's decision.",
                organisation=self.swap_organisation_id.sudo().display_name,
            )
        return False

    def _swap_turns(self):
        """The coming turns of the same activity that other organisations
        run: what this turn can be exchanged with."""
        self.ensure_one()
        turns = self.activity_id._origin._coming_turns() - self._origin.sudo()
        others = turns.filtered(lambda t: t.organisation_id != self.organisation_id)
        return others.with_env(self.env)

    def _swap_counterpart(self, organisation=None):
        """The turn of ``organisation`` (default: the one a swap was asked
        to) this turn is exchanged with: its coming turn nearest to this one."""
        org = organisation or self.swap_organisation_id
        turns = self._swap_turns().sudo().filtered(lambda t: t.organisation_id == org)
        nearest = turns.sorted(lambda t: (abs(t.start - self.start), t.start, t.id))
        return nearest[:1].with_env(self.env)

    def _swap_counterpart_error(self):
        # an organisation's name, also for a portal user of another one
        organisation = self.swap_organisation_id.sudo()
        if organisation == self.organisation_id:
            return self.env._(
                "%(organisation)s already runs this turn: choose another "
                "organisation to swap with.",
                organisation=organisation.display_name,
            )
        if self._swap_counterpart():
            return False
        return self.env._(
            "%(organisation)s has no coming turn of %(activity)s to exchange with.",
            organisation=organisation.display_name,
            activity=self.activity_id.display_name,
        )

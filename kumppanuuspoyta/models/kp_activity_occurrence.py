from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# the most visitors one occurrence is believed to have
MAX_VISITORS = 100000
# what the responsible organisation's people change of their own turn
OWNER_FIELDS = {"confirmed", "swap_organisation_id", "swap_reason", "visitors", "note"}


class KpActivityOccurrence(models.Model):
    """One occurrence (kerta) of a joint activity, with one main responsible
    organisation: its turn in the roster, or the organisation it was handed
    to (a swap). Who ran which occurrence stays in the tracking history."""

    _name = "kp.activity.occurrence"
    _description = "Joint Activity Occurrence"
    _inherit = ["mail.thread", "kp.mail.mixin"]
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
        domain="[('is_company', '=', True)]",
        help="The organisation the responsible organisation asks to hand its "
        "turn to; the coordinator accepts the swap.",
    )
    swap_reason = fields.Char(string="Reason for the Swap")
    visitors = fields.Integer(tracking=True, help="How many people came.")
    note = fields.Text(string="Notes", help="A short note on how it went.")
    reminded_start = fields.Datetime(
        readonly=True, copy=False, help="The start the reminder was sent for."
    )
    is_own = fields.Boolean(
        compute="_compute_is_own",
        search="_search_is_own",
        string="My Organisation's",
        help="The current user's organisation is responsible for it.",
    )
    active = fields.Boolean(default=True)

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

    def _own_domain(self):
        """The occurrences the current user's organisation is responsible
        for: the one definition the record rules and the portal use."""
        organisation = self.env.user.partner_id.commercial_partner_id
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
            occurrence.table_id._check_organisation_at_table(
                occurrence.swap_organisation_id
            )

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

    def write(self, vals):
        if not self.env.su:
            for occurrence in self:
                error = occurrence._update_error(set(vals))
                if error:
                    raise AccessError(error)
        return super().write(vals)

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
        self.write({"confirmed": True})

    def action_held(self):
        self.write({"state": "held"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset(self):
        self.write({"state": "planned"})

    def action_accept_swap(self):
        """The coordinator accepts the requested swap: the turn goes to the
        other organisation; the chatter keeps whose it was."""
        for occurrence in self:
            if not occurrence.swap_organisation_id:
                raise UserError(
                    self.env._("No swap has been requested for this occurrence.")
                )
            before = occurrence.organisation_id
            after = occurrence.swap_organisation_id
            occurrence.table_id.check_access("write")
            occurrence.write(
                {
                    "organisation_id": after.id,
                    "swap_organisation_id": False,
                    "swap_reason": False,
                    "confirmed": False,
                }
            )
            occurrence.message_post(
                body=self.env._(
                    "Turn handed over from %(before)s to %(after)s.",
                    before=before.display_name,
                    after=after.display_name,
                )
            )

    def action_refuse_swap(self):
        self.write({"swap_organisation_id": False, "swap_reason": False})

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _update_error(self, field_names):
        """Why the current user may not change these fields, or False. Who
        manages the table changes everything; the responsible organisation's
        people (the record rules say who may write at all) confirm the turn,
        ask for a swap and record visitors and notes."""
        if self.env.su or not set(field_names) - OWNER_FIELDS:
            return False
        if not self.table_id or self.table_id.has_access("write"):
            return False
        try:
            self.table_id.check_access("write")
        except AccessError as error:
            return error.args[0]
        return False

    @api.model
    def _cron_send_turn_reminders(self):
        """E-mail the responsible organisation's contact some days (the
        municipality's turn reminder days) before its turn, once per start.

        Days are the table's: a turn on Friday reminded 3 days ahead is
        reminded from Tuesday, at whatever hour the job runs."""
        now = fields.Datetime.now()
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_turn_reminder")
        ((most,),) = (
            self.env["res.company"]
            .sudo()
            ._read_group([], aggregates=["kp_turn_reminder_days:max"])
        )
        # a day more than the most reminder days: the rest of the last
        # day, in any time zone
        days = (most or 7) + 1
        coming = self.search(
            [
                ("state", "=", "planned"),
                ("start", ">", now),
                ("start", "<=", now + timedelta(days=days)),
            ]
        )
        todays = {table: table._today() for table in coming.table_id}
        for occurrence in coming:
            if occurrence.reminded_start == occurrence.start:
                continue
            table = occurrence.table_id
            ahead = timedelta(days=occurrence.company_id.kp_turn_reminder_days)
            if table._to_local(occurrence.start).date() - ahead > todays[table]:
                continue
            if occurrence.contact_partner_id:
                occurrence._kp_notify_with_template(
                    template, occurrence.contact_partner_id
                )
            occurrence.reminded_start = occurrence.start

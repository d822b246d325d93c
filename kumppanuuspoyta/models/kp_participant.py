from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.text import check_email_addresses, check_references

# who sits at a table now: joined or invited, not left, not archived (see
# KpParticipant._current)
CURRENT_DOMAIN = [("state", "!=", "left"), ("active", "=", True)]
# the current participants who have joined (not only been invited)
JOINED_DOMAIN = [*CURRENT_DOMAIN, ("state", "=", "active")]


class KpParticipant(models.Model):
    """A person sitting at a table on behalf of an organisation.

    People are contacts, not necessarily Odoo users. Leaving a table keeps the
    record (state "left", left date) so history and agreements stay readable.
    """

    _name = "kp.participant"
    _description = "Participant"
    _inherit = ["mail.thread", "kp.gate.mixin", "kp.table.record.mixin"]
    _order = "table_id, state_sequence, partner_id, id"
    _rec_name = "partner_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    table_id = fields.Many2one(tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        # a person, not one already sitting at the table
        domain="[('is_company', '=', False), ('kp_participant_ids', 'not any', "
        "[('table_id', '=', table_id), ('state', '!=', 'left')])]",
    )
    user_id = fields.Many2one(
        "res.users", compute="_compute_user_id", store=True, index=True
    )
    # the person was anonymised (GDPR art. 17): nothing more to anonymise
    partner_anonymised_on = fields.Datetime(
        related="partner_id.kp_anonymised_on", string="Anonymised on"
    )
    organisation_id = fields.Many2one(
        "res.partner",
        compute="_compute_organisation_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    sector_id = fields.Many2one(
        "kp.sector",
        compute="_compute_sector_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    role_ids = fields.Many2many("kp.role", string="Roles")
    coordinates = fields.Boolean(
        compute="_compute_coordinates",
        store=True,
        string="Coordinates the Table",
        help="Has a role that manages the table (convener, chair, secretary, ...).",
    )
    state = fields.Selection(
        [("invited", "Invited"), ("active", "Participating"), ("left", "Left")],
        default="active",
        required=True,
        tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    joined_date = fields.Date(
        string="Joined",
        compute="_compute_joined_date",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    left_date = fields.Date(string="Left", tracking=True)
    # for the people who run tables: the portal shows others by name and
    # organisation only, and its users read nothing more over the API
    email = fields.Char(related="partner_id.email", groups="base.group_user")
    phone = fields.Char(related="partner_id.phone", groups="base.group_user")
    notes = fields.Text()
    active = fields.Boolean(default=True)
    # the buttons of the form and of the table's list of participants
    can_join = fields.Boolean(compute="_compute_gate_buttons")
    can_leave = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id.name")
    def _compute_display_name(self):
        # the person's own name: the lists show the organisation in a column
        # of its own, and "Organisation, Person" cut the person off
        for participant in self:
            participant.display_name = participant.partner_id.name

    @api.depends("partner_id.user_ids")
    def _compute_user_id(self):
        for participant in self:
            participant.user_id = participant.partner_id.user_ids[:1]

    @api.depends("role_ids.coordinates")
    def _compute_coordinates(self):
        for participant in self:
            participant.coordinates = any(participant.role_ids.mapped("coordinates"))

    @api.depends("partner_id.parent_id")
    def _compute_organisation_id(self):
        for participant in self:
            partner = participant.partner_id
            participant.organisation_id = (
                partner.parent_id.commercial_partner_id if partner.parent_id else False
            )

    @api.depends("organisation_id.kp_sector_id")
    def _compute_sector_id(self):
        for participant in self:
            if participant.organisation_id.kp_sector_id:
                participant.sector_id = participant.organisation_id.kp_sector_id

    @api.depends("state")
    def _compute_joined_date(self):
        # an invited person has not joined yet; who participates joined today
        # (the table's) unless told otherwise
        for participant in self:
            if participant.state == "invited":
                participant.joined_date = False
            elif participant.state == "active" and not participant.joined_date:
                participant.joined_date = participant.table_id._today()

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"active": 1, "invited": 2, "left": 3}
        for participant in self:
            participant.state_sequence = order.get(participant.state, 9)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("table_id")
    def _check_table_company(self):
        # a seat moved to another municipality's table: its contacts must fit
        self._check_company(["company_id"])

    @api.constrains("joined_date", "left_date")
    def _check_dates(self):
        self._check_not_before(
            "joined_date",
            "left_date",
            lambda participant: self.env._(
                "%(person)s cannot leave the table before joining it "
                "(left %(left)s, joined %(joined)s).",
                person=participant.partner_id.display_name,
                left=participant.table_id._format_day(participant.left_date),
                joined=participant.table_id._format_day(participant.joined_date),
            ),
        )

    @api.constrains("partner_id", "table_id", "state")
    def _check_unique_seat(self):
        current = self.filtered(lambda p: p.state != "left")
        if not current:
            return
        groups = self._read_group(
            [
                ("table_id", "in", current.table_id.ids),
                ("partner_id", "in", current.partner_id.ids),
                ("state", "!=", "left"),
            ],
            ["table_id", "partner_id"],
            ["__count"],
        )
        for table, partner, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(person)s already sits at the table %(table)s.",
                        person=partner.display_name,
                        table=table.display_name,
                    )
                )

    @api.constrains("partner_id")
    def _check_email(self):
        # the table's e-mails go to exactly the address typed
        check_email_addresses(self.partner_id)

    @api.constrains("partner_id")
    def _check_person(self):
        for participant in self:
            if participant.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "A participant is a person: %(name)s is an organisation. "
                        "Add a person of the organisation instead.",
                        name=participant.partner_id.display_name,
                    )
                )

    @api.constrains("state", "left_date")
    def _check_left(self):
        for participant in self:
            if participant.state == "left" and not participant.left_date:
                raise ValidationError(
                    self.env._("A participant who has left needs a left date.")
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_references(self, vals_list)
        participants = super().create(vals_list)
        participants.table_id._flush_members()
        participants.table_id.meeting_ids._sync_attendees()
        return participants

    def write(self, vals):
        tables = self.table_id
        result = super().write(vals)
        if {"state", "active", "partner_id", "table_id", "role_ids"} & set(vals):
            (tables | self.table_id)._flush_members()
        if {"state", "active", "partner_id", "table_id"} & set(vals):
            # the meetings' attendees follow, also when who wrote has just
            # left the table (and no longer reads it)
            (tables | self.table_id).sudo().meeting_ids._sync_attendees()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_without_history(self):
        # a seat someone attended, proposed from or was named at stays
        attended = self.env["kp.attendance"].search_count(
            [("participant_id", "in", self.ids)], limit=1
        )
        named = self.env["kp.meeting"].search_count(
            ["|", ("chair_id", "in", self.ids), ("secretary_id", "in", self.ids)],
            limit=1,
        )
        proposed = self.env["kp.agenda.item"].search_count(
            [("proposer_id", "in", self.ids)], limit=1
        )
        if attended or named or proposed:
            raise UserError(
                self.env._(
                    "A participant with history at the table is not deleted: "
                    "mark them as left or archive them instead."
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_join(self):
        """The invited person has joined the table (or who left, again)."""
        self._check_transition("join")
        for participant in self:
            participant.write(
                {
                    "state": "active",
                    "joined_date": participant.table_id._today(),
                    "left_date": False,
                }
            )

    def action_leave(self):
        """Leave the table; the participant and their history stay."""
        self._check_transition("leave")
        for participant in self:
            today = participant.table_id._today()
            participant.write(
                {
                    "state": "left",
                    "left_date": max(today, participant.joined_date or today),
                }
            )

    def action_kp_anonymise_wizard(self):
        """Anonymise the participant's person (managers)."""
        self.ensure_one()
        return self.partner_id.action_kp_anonymise_wizard()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        return {
            "join": (("invited", "left"), "active"),
            "leave": (("invited", "active"), "left"),
        }

    def _gate_buttons(self):
        return {"can_join": "join", "can_leave": "leave"}

    def _current(self):
        """The participants who sit at their table now: joined or invited,
        not left, not archived. The one definition of a table's members:
        ``kp.table``'s stored member relations, and through them every record
        rule, filter and portal page, use it. Invited people count on
        purpose: they read the table and the meetings they are invited to
        before they join."""
        return self.filtered_domain(CURRENT_DOMAIN)

    def _joined(self):
        """The current participants who have joined (not only been invited):
        they are invited to meetings, counted and have attendance."""
        return self.filtered_domain(JOINED_DOMAIN)

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.forms import check_portal_comment
from ..tools.text import check_references, check_titles

# what a participant may change on the commitments they or their organisation
# own; everything else is for who manages the table
OWNER_FIELDS = {"stage_id", "notes", "color"}
# how far ahead "due soon" looks, in days
# what the minutes show of a commitment
MINUTES_FIELDS = {
    "name",
    "organisation_id",
    "responsible_partner_id",
    "deadline",
    "stage_id",
    "agreement_id",
    "meeting_id",
    "active",
}


class KpCommitment(models.Model):
    """A commitment (sovittu tehtävä): who does what by when.

    Every commitment has a responsible organisation; it stays open across
    meetings until it is done or cancelled.
    """

    _name = "kp.commitment"
    _description = "Commitment"
    # portal.mixin: the "view" link of a notification leads portal users to
    # the commitment's portal page, where they change its stage and comment
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "kp.mail.mixin",
        "kp.gate.mixin",
        "kp.table.record.mixin",
    ]
    _order = "deadline, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="What", required=True, tracking=True)
    agreement_id = fields.Many2one(
        "kp.agreement", index=True, ondelete="restrict", check_company=True
    )
    meeting_id = fields.Many2one(
        "kp.meeting",
        string="Agreed at",
        compute="_compute_meeting_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    table_id = fields.Many2one(
        compute="_compute_table_id", store=True, readonly=False, precompute=True
    )
    # the theme of the agenda item it was agreed on, or one chosen by hand
    theme_id = fields.Many2one(
        "kp.theme",
        compute="_compute_theme_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('table_id', '=', table_id)]",
    )
    # required: _check_owner says so in words (the responsible person's
    # organisation is taken when none is chosen)
    organisation_id = fields.Many2one(
        "res.partner",
        string="Responsible Organisation",
        compute="_compute_organisation_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    responsible_partner_id = fields.Many2one(
        "res.partner",
        string="Responsible Person",
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        compute="_compute_responsible_user_id",
        store=True,
        index=True,
        string="Responsible Person's User",
    )
    deadline = fields.Date(tracking=True, index=True)
    stage_id = fields.Many2one(
        "kp.commitment.stage",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self.env["kp.commitment.stage"].search([], limit=1),
        group_expand="_read_group_expand_full",
    )
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        compute="_compute_state",
        store=True,
        index=True,
    )
    is_own = fields.Boolean(
        compute="_compute_is_own",
        search="_search_is_own",
        string="Mine or My Organisation's",
        help="The current user is responsible for it, or their organisation is.",
    )
    closed_date = fields.Datetime(
        compute="_compute_closed_date",
        store=True,
        copy=False,
        help="When the commitment was done or cancelled; the minutes of the "
        "meetings held before that show it as still open.",
    )
    notes = fields.Html()
    active = fields.Boolean(default=True, tracking=True)
    can_manage = fields.Boolean(
        compute="_compute_gate_buttons",
        help="Whether the current user manages the table and may change more "
        "than the stage and notes.",
    )
    can_update_stage = fields.Boolean(
        compute="_compute_gate_buttons",
        help="Whether the current user may move the commitment to another stage.",
    )
    color = fields.Integer()

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("responsible_partner_id.parent_id")
    def _compute_organisation_id(self):
        # the person's organisation owns it, unless another one was chosen
        for commitment in self:
            person = commitment.responsible_partner_id
            if person.parent_id and not commitment.organisation_id:
                commitment.organisation_id = person.parent_id.commercial_partner_id

    @api.depends("agreement_id.theme_id")
    def _compute_theme_id(self):
        for commitment in self:
            if commitment.agreement_id.theme_id:
                commitment.theme_id = commitment.agreement_id.theme_id

    @api.depends("agreement_id.meeting_id")
    def _compute_meeting_id(self):
        for commitment in self:
            if commitment.agreement_id:
                commitment.meeting_id = commitment.agreement_id.meeting_id

    @api.depends("agreement_id.table_id")
    def _compute_table_id(self):
        # precomputed (a table is required) from the agreement's table, or a
        # meeting given without one; it depends on the agreement only, since
        # a precomputed meeting_id would put the new record in the meeting's
        # cached commitments twice (and a meeting never changes table)
        for commitment in self:
            table = commitment.agreement_id.table_id or commitment.meeting_id.table_id
            if table:
                commitment.table_id = table

    @api.depends("responsible_partner_id.user_ids")
    def _compute_responsible_user_id(self):
        for commitment in self:
            commitment.responsible_user_id = commitment.responsible_partner_id.user_ids[
                :1
            ]

    @api.depends("stage_id.closing")
    def _compute_state(self):
        for commitment in self:
            commitment.state = commitment.stage_id.closing or "open"

    @api.depends("state")
    def _compute_closed_date(self):
        for commitment in self:
            if commitment.state == "open":
                commitment.closed_date = False
            elif not commitment.closed_date:
                commitment.closed_date = fields.Datetime.now()

    @api.model
    def _own_domain(self, partner=None):
        """The commitments of the current user (or ``partner``) or of their
        organisation: the one definition the record rules, the filters, the
        portal and the replies by e-mail use."""
        partner = partner or self.env.user.partner_id
        return [
            "|",
            ("responsible_partner_id", "=", partner.id),
            ("organisation_id", "=", partner.commercial_partner_id.id),
        ]

    @api.depends_context("uid")
    def _compute_is_own(self):
        own = self.filtered_domain(self._own_domain())
        for commitment in self:
            commitment.is_own = commitment in own

    def _search_is_own(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._own_domain() if True in value else ["!", *self._own_domain()]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("organisation_id", "responsible_partner_id")
    def _check_owner(self):
        for commitment in self:
            if not commitment.organisation_id:
                raise ValidationError(
                    self._no_organisation_message({"name": commitment.name})
                )
            person = commitment.responsible_partner_id
            if person and person.is_company:
                raise ValidationError(
                    self.env._(
                        "The responsible person of %(what)s must be a person, "
                        "not the organisation %(name)s.",
                        what=commitment.name,
                        name=person.display_name,
                    )
                )
            if not commitment.organisation_id.is_company:
                raise ValidationError(
                    self.env._(
                        "The responsible organisation of %(what)s must be an "
                        "organisation: %(name)s is a person.",
                        what=commitment.name,
                        name=commitment.organisation_id.display_name,
                    )
                )

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

    @api.constrains("deadline", "meeting_id")
    def _check_deadline(self):
        for commitment in self:
            meeting = commitment.meeting_id
            if (
                commitment.deadline
                and meeting.start
                and commitment.deadline
                < meeting.table_id._to_local(meeting.start).date()
            ):
                raise ValidationError(
                    self.env._(
                        "The deadline of %(what)s (%(deadline)s) is before the "
                        "meeting %(meeting)s where it was agreed.",
                        what=commitment.name,
                        deadline=commitment.table_id._format_day(commitment.deadline),
                        meeting=meeting.display_name,
                    )
                )

    @api.constrains("table_id")
    def _check_table_company(self):
        # moved to another municipality's table: its owners must fit
        self._check_company(["company_id"])

    @api.constrains("agreement_id", "table_id", "theme_id")
    def _check_same_table(self):
        for commitment in self:
            if (
                commitment.theme_id
                and commitment.theme_id.table_id != commitment.table_id
            ):
                raise ValidationError(
                    self.env._(
                        "The theme %(theme)s is not a theme of the table %(table)s.",
                        theme=commitment.theme_id.name,
                        table=commitment.table_id.display_name,
                    )
                )
            agreement = commitment.agreement_id
            if agreement and agreement.table_id != commitment.table_id:
                raise ValidationError(
                    self.env._("A commitment belongs to the table of its agreement.")
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_references(self, vals_list)
        commitments = super().create(vals_list)
        # approved minutes get no new commitments
        commitments.agreement_id._check_unlocked()
        commitments.meeting_id._touch_minutes()
        commitments._subscribe_responsible()
        return commitments

    def write(self, vals):
        meetings = self.meeting_id
        result = super().write(vals)
        if "agreement_id" in vals:
            self.agreement_id._check_unlocked()
        if MINUTES_FIELDS & set(vals):
            (meetings | self.meeting_id)._touch_minutes()
        if vals.get("responsible_partner_id"):
            self._subscribe_responsible()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Commitments are never deleted: cancel or archive them instead.")
        )

    def message_post(self, **kwargs):
        # a portal comment's limits (the portal chatter posts here)
        check_portal_comment(self, kwargs)
        return super().message_post(**kwargs)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_buttons(self):
        return {"can_update_stage": "stage", "can_manage": "manage"}

    def _gate_depends(self):
        return (*super()._gate_depends(), "table_id")

    def _gate_unsaved(self):
        # the form of a new commitment is editable by who may manage it
        return True

    def _gate_updates(self, vals):
        return ["manage"] if set(vals) - OWNER_FIELDS else []

    def _gate_error(self, transition):
        """The gate of a commitment's updates: its owners (the record rules
        say who may write it at all) move the stage and keep notes
        (``'stage'``); only who manages the table changes what was
        committed, by whom and when (``'manage'``)."""
        error = super()._gate_error(transition)
        if error or transition != "manage":
            return error
        return self._gate_table_error()

    def _subscribe_responsible(self):
        """The responsible person follows the commitment: comments on it, also
        from the portal, reach them by e-mail."""
        for partner, commitments in self.grouped("responsible_partner_id").items():
            if partner:
                commitments.sudo().message_subscribe(partner_ids=partner.ids)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for commitment in self:
            commitment.access_url = f"/my/kp/commitments/{commitment.id}"
        return result

    def _no_organisation_message(self, vals):
        return self.env._(
            "The commitment %(what)s needs a responsible organisation.",
            what=vals.get("name") or "",
        )

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kp_meeting import OPEN_STATES
from .kp_text import check_references, check_time_estimates, check_titles


class KpAgendaItem(models.Model):
    """An item on a meeting's agenda, or a participant's proposal for one.

    Any participant proposes items for the table; the convener accepts a
    proposal into a meeting's agenda or declines it with a reason.
    """

    _name = "kp.agenda.item"
    _description = "Agenda Item"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Text()
    table_id = fields.Many2one(
        "kp.table", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="table_id.company_id", store=True, index=True)
    meeting_id = fields.Many2one(
        "kp.meeting",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('table_id', '=', table_id), "
        "('state', 'in', ('planned', 'agenda_sent'))]",
        tracking=True,
    )
    proposer_id = fields.Many2one(
        "kp.participant",
        string="Proposed by",
        domain="[('table_id', '=', table_id), ('state', '!=', 'left')]",
        tracking=True,
    )
    source = fields.Selection(
        [
            ("organisation", "Member Organisation"),
            ("department", "City Department"),
            ("village", "Village"),
            ("standing", "Standing Item"),
            ("other", "Other"),
        ],
        default="organisation",
        required=True,
    )
    source_name = fields.Char(
        string="Department or Village",
        help="The city department or the village the matter comes from.",
    )
    case_number = fields.Char(help="The city's case (diary) number, if any.")
    duration = fields.Integer(string="Time Estimate (min)", default=10)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("accepted", "On the Agenda"),
            ("declined", "Declined"),
        ],
        default="proposed",
        required=True,
        tracking=True,
    )
    decline_reason = fields.Text(tracking=True)

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

    @api.constrains("duration")
    def _check_duration(self):
        check_time_estimates(self)

    @api.constrains("meeting_id", "table_id", "proposer_id")
    def _check_same_table(self):
        for item in self:
            if item.meeting_id and item.meeting_id.table_id != item.table_id:
                raise ValidationError(
                    self.env._(
                        "The item %(item)s belongs to another table than its meeting.",
                        item=item.name,
                    )
                )
            if item.proposer_id and item.proposer_id.table_id != item.table_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s does not sit at the table %(table)s.",
                        person=item.proposer_id.partner_id.display_name,
                        table=item.table_id.display_name,
                    )
                )

    @api.constrains("meeting_id")
    def _check_meeting_open(self):
        for item in self:
            if item.meeting_id and item.meeting_id.state not in OPEN_STATES:
                raise ValidationError(
                    self.env._(
                        "The item %(item)s cannot be added to %(meeting)s: only "
                        "planned meetings take new agenda items.",
                        item=item.name,
                        meeting=item.meeting_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_references(self, vals_list)
        Meeting = self.env["kp.meeting"]
        for vals in vals_list:
            meeting = Meeting.browse(vals.get("meeting_id"))
            if meeting:
                vals.setdefault("table_id", meeting.table_id.id)
                vals.setdefault("state", "accepted")
            if vals.get("table_id") and "proposer_id" not in vals:
                # a participant proposes from their own seat at the table
                vals["proposer_id"] = (
                    self.env["kp.participant"]
                    .search(
                        [
                            ("table_id", "=", vals["table_id"]),
                            ("user_id", "=", self.env.uid),
                            ("state", "!=", "left"),
                        ],
                        limit=1,
                    )
                    .id
                )
        return super().create(vals_list)

    def write(self, vals):
        if {"state", "meeting_id"} & set(vals):
            # only who manages the table decides what is on the agenda; the
            # proposal rule lets participants edit their own proposals
            self.table_id.check_access("write")
        return super().write(vals)

    def action_accept(self, meeting=None):
        """Put proposals on a meeting's agenda (the one chosen on the item)."""
        for item in self:
            target = meeting or item.meeting_id
            if not target:
                raise UserError(
                    self.env._(
                        "Choose the meeting for the proposal %(item)s first.",
                        item=item.name,
                    )
                )
            if target.state not in OPEN_STATES:
                raise UserError(self.env._("Proposals go only to planned meetings."))
            item.write({"meeting_id": target.id, "state": "accepted"})
            item._notify_proposer(meeting=target)

    def action_decline(self, reason):
        if not (reason or "").strip():
            raise UserError(
                self.env._("Tell the proposer why the proposal is declined.")
            )
        for item in self:
            item.write(
                {"state": "declined", "decline_reason": reason, "meeting_id": False}
            )
            item._notify_proposer(reason=reason)

    def _notify_proposer(self, meeting=None, reason=None):
        """Tell the proposer, in their own language, what became of the proposal."""
        partner = self.proposer_id.partner_id
        if not partner:
            return
        item = self.with_context(lang=partner.lang or self.env.lang)
        if reason:
            text = item.env._(
                "Your proposal %(item)s was declined: %(reason)s",
                item=self.name,
                reason=reason,
            )
        else:
            text = item.env._(
                "Your proposal %(item)s is on the agenda of %(meeting)s.",
                item=self.name,
                meeting=meeting.display_name,
            )
        item.message_notify(
            partner_ids=partner.ids,
            subject=item.env._("Your agenda proposal: %(item)s", item=self.name),
            body=Markup("<p>%s</p>") % text,
            email_layout_xmlid="mail.mail_notification_light",
        )

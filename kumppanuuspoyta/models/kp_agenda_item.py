from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MAX_ITEM_MINUTES = 8 * 60


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
        domain="[('table_id', '=', table_id), ('state', 'in', ('planned', 'agenda_sent'))]",
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

    @api.constrains("duration")
    def _check_duration(self):
        for item in self:
            if item.duration < 0 or item.duration > MAX_ITEM_MINUTES:
                raise ValidationError(
                    self.env._(
                        "The time estimate of %(item)s must be between 0 and "
                        "%(max)s minutes.",
                        item=item.name,
                        max=MAX_ITEM_MINUTES,
                    )
                )

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

    @api.model_create_multi
    def create(self, vals_list):
        Meeting = self.env["kp.meeting"]
        for vals in vals_list:
            meeting = Meeting.browse(vals.get("meeting_id"))
            if meeting:
                vals.setdefault("table_id", meeting.table_id.id)
                vals.setdefault("state", "accepted")
        return super().create(vals_list)

    def action_accept(self, meeting=None):
        """Put proposals on a meeting's agenda (the one chosen on the item)."""
        for item in self:
            target = meeting or item.meeting_id
            if not target:
                raise UserError(
                    self.env._("Choose the meeting for the proposal %(item)s first.",
                               item=item.name)
                )
            if target.state not in ("planned", "agenda_sent"):
                raise UserError(
                    self.env._("Proposals go only to planned meetings.")
                )
            item.write({"meeting_id": target.id, "state": "accepted"})
            item._notify_proposer(
                self.env._(
                    "Your proposal %(item)s is on the agenda of %(meeting)s.",
                    item=item.name,
                    meeting=target.display_name,
                )
            )

    def action_decline(self, reason):
        if not reason:
            raise UserError(self.env._("Tell the proposer why the proposal is declined."))
        for item in self:
            item.write({"state": "declined", "decline_reason": reason, "meeting_id": False})
            item._notify_proposer(
                self.env._(
                    "Your proposal %(item)s was declined: %(reason)s",
                    item=item.name,
                    reason=reason,
                )
            )

    def _notify_proposer(self, text):
        partner = self.proposer_id.partner_id
        if partner:
            self.message_notify(
                partner_ids=partner.ids,
                subject=self.env._("Your agenda proposal: %(item)s", item=self.name),
                body=Markup("<p>%s</p>") % text,
                email_layout_xmlid="mail.mail_notification_light",
            )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.text import check_titles
from .kp_decision_handoff import HANDED_STATES, PENDING_STATES


class KpAgreement(models.Model):
    """What the table agreed on an agenda item (sovittu asia).

    Agreements of approved minutes never change; a correction is a new
    version of the minutes.
    """

    _name = "kp.agreement"
    _description = "Agreement"
    _order = "meeting_id, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    sequence = fields.Integer(default=10)
    name = fields.Text(string="What Was Agreed", required=True)
    meeting_id = fields.Many2one(
        "kp.meeting", required=True, index=True, ondelete="restrict", check_company=True
    )
    agenda_item_id = fields.Many2one(
        "kp.agenda.item",
        index=True,
        ondelete="restrict",
        domain="[('meeting_id', '=', meeting_id)]",
    )
    table_id = fields.Many2one(related="meeting_id.table_id", store=True, index=True)
    theme_id = fields.Many2one(
        related="agenda_item_id.theme_id", store=True, index=True, string="Theme"
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True
    )
    commitment_ids = fields.One2many(
        "kp.commitment", "agreement_id", string="Commitments"
    )
    handoff_ids = fields.One2many(
        "kp.decision.handoff", "agreement_id", string="Hand-offs for Decision"
    )
    handoff_count = fields.Integer(compute="_compute_decision_line")
    decision_line = fields.Char(
        string="Decision-Making",
        compute="_compute_decision_line",
        help="Where the agreement is in the municipality's decision-making.",
    )
    minutes_approved = fields.Boolean(compute="_compute_decision_line")
    # what the analyses group by: the state of the current hand-off
    decision_state = fields.Selection(
        [
            ("pending", "In Decision-Making"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("returned", "Returned for Preparation"),
        ],
        string="Decision",
        compute="_compute_decision_state",
        store=True,
        index=True,
        help="Where the agreement's current hand-off for decision is; empty "
        "when it was not handed off (or was withdrawn).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "handoff_ids.state",
        "handoff_ids.case_number",
        "handoff_ids.decision_date",
        "handoff_ids.decision_section",
        "meeting_id.state",
    )
    @api.depends_context("lang")
    def _compute_decision_line(self):
        for agreement in self:
            handoffs = agreement.handoff_ids
            agreement.handoff_count = len(handoffs)
            agreement.minutes_approved = agreement.meeting_id.minutes_locked
            current = agreement._current_handoff()
            agreement.decision_line = current._kp_decision_line() if current else False

    @api.depends("handoff_ids.state")
    def _compute_decision_state(self):
        for agreement in self:
            current = agreement._current_handoff()
            state = current.state
            agreement.decision_state = (
                "pending" if state in PENDING_STATES else state or False
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        # what was agreed may take a paragraph, but it is plain text
        check_titles(self, max_length=None)

    @api.constrains("agenda_item_id", "meeting_id")
    def _check_item_of_meeting(self):
        for agreement in self:
            item = agreement.agenda_item_id
            if item and item.meeting_id != agreement.meeting_id:
                raise ValidationError(
                    self.env._(
                        "The agenda item %(item)s is not on the agenda "
                        "of this meeting.",
                        item=item.name,
                    )
                )

    def _check_unlocked(self):
        self.meeting_id._check_minutes_open(
            lambda meeting: self.env._(
                "The minutes of %(meeting)s are approved: what was agreed can "
                "no longer change. Correct the minutes with a new version.",
                meeting=meeting.display_name,
            )
        )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        agreements = super().create(vals_list)
        agreements._check_unlocked()
        agreements.meeting_id._touch_minutes()
        return agreements

    def write(self, vals):
        self._check_unlocked()
        meetings = self.meeting_id
        result = super().write(vals)
        self._check_unlocked()
        (meetings | self.meeting_id)._touch_minutes()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_locked(self):
        self._check_unlocked()
        self.meeting_id._touch_minutes()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_handoffs(self):
        """The agreement's hand-offs for decision; a new one for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_decision_handoff_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        if not self.handoff_ids:
            action["views"] = [(False, "form")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _current_handoff(self):
        """The hand-off that tells where the agreement is: the latest one
        sent and not withdrawn (hand-offs are ordered newest first)."""
        self.ensure_one()
        return self.handoff_ids.filtered(lambda h: h.state in HANDED_STATES)[:1]

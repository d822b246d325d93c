from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kp_decision_handoff import HANDED_STATES
from .kp_meeting_minutes import LOCKED_STATES

ANSWER_TEMPLATE = "kumppanuuspoyta.kp_mail_template_proposal_answer"


class KpAgendaItemAnswer(models.Model):
    """The answer to whoever raised a matter (vastaus asian tuojalle): a
    participant's proposal from the portal or by e-mail, or a department's or
    village's matter on the regional intake, whose contact may not sit at the
    table. Who runs the table answers (the gate's ``answer``): taken onto the
    agenda, with what was agreed once the minutes are approved; made part of a
    theme; handed to decision, with the hand-off's case; or not taken, with
    the reason. Saving an answer tells the person once, in their language; a
    later decision of the hand-off tells them once more."""

    _inherit = "kp.agenda.item"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    contact_partner_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        index="btree_not_null",
        tracking=True,
        help="Who raised the matter and hears what became of it, when they do "
        "not sit at the table (a villager, a department's official); else the "
        "proposer.",
    )
    answer_partner_id = fields.Many2one(
        "res.partner",
        string="Answer to",
        compute="_compute_answer_partner_id",
        help="Who is told what became of the matter: its contact, else its proposer.",
    )
    agreement_ids = fields.One2many(
        "kp.agreement", "agenda_item_id", string="What Was Agreed"
    )
    answer = fields.Selection(
        [
            ("agenda", "Taken onto the Agenda"),
            ("theme", "Made Part of a Theme"),
            ("decision", "Handed to Decision"),
            ("not_taken", "Not Taken"),
        ],
        tracking=True,
        copy=False,
        help="What became of the matter, as its proposer or contact is told "
        "when it is saved.",
    )
    answer_date = fields.Date(string="Answered On", readonly=True, copy=False)
    # what the person was last told, so that saving again tells nothing
    answer_told = fields.Char(readonly=True, copy=False)
    answer_handoff_id = fields.Many2one(
        "kp.decision.handoff",
        string="Hand-off for Decision",
        compute="_compute_answer_handoff_id",
    )
    can_answer = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("contact_partner_id", "proposer_id.partner_id")
    def _compute_answer_partner_id(self):
        for item in self:
            item.answer_partner_id = (
                item.contact_partner_id or item.proposer_id.partner_id
            )

    @api.depends("agreement_ids.handoff_ids.state")
    def _compute_answer_handoff_id(self):
        for item in self:
            handoffs = item.agreement_ids.handoff_ids.filtered(
                lambda h: h.state in HANDED_STATES
            )
            item.answer_handoff_id = handoffs.sorted("id")[-1:]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("answer", "decline_reason")
    def _check_answer_reason(self):
        for item in self:
            if item.answer == "not_taken" and not (item.decline_reason or "").strip():
                raise ValidationError(item._kp_no_reason_message())

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # a proposal recorded already not taken is declined, as when the
        # answer is saved later (write)
        vals_list = [
            {"state": "declined", **vals}
            if vals.get("answer") == "not_taken" and not vals.get("meeting_id")
            else vals
            for vals in vals_list
        ]
        items = super().create(vals_list)
        answered = items.filtered(lambda i: i.answer or i.contact_partner_id)
        if not self.env.su:
            # only who runs the table answers, or names whom to tell
            for item in answered:
                item._gate_raise(
                    item._gate_table_error() or item._kp_answer_error(item.answer)
                )
        answered._kp_tell_answer()
        return items

    def write(self, vals):
        if vals.get("answer") != "not_taken":
            result = super().write(vals)
        else:
            reason = vals.get("decline_reason")
            if any(
                not ((item.decline_reason if reason is None else reason) or "").strip()
                for item in self
            ):
                raise ValidationError(self._kp_no_reason_message())
            # a proposal not taken leaves the agendas: the gate's decline
            proposals = self.filtered(lambda i: i.state == "proposed")
            declined = {"state": "declined", "meeting_id": False}
            result = super(KpAgendaItemAnswer, self - proposals).write(vals)
            if proposals:
                super(KpAgendaItemAnswer, proposals).write({**declined, **vals})
        if vals.get("answer"):
            self._kp_tell_answer()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_buttons(self):
        return {**super()._gate_buttons(), "can_answer": "answer"}

    def _gate_updates(self, vals):
        updates = super()._gate_updates(vals)
        if {"answer", "contact_partner_id"} & set(vals):
            updates.append("answer")
        return updates

    def _gate_write_error(self, vals):
        # the answer checked is the one the write saves
        if "answer" in vals and vals["answer"] != self.answer and not self.env.su:
            error = self._gate_table_error() or self._kp_answer_error(
                vals["answer"], vals
            )
            if error:
                return error
        return super()._gate_write_error(vals)

    def _kp_answer_error(self, answer, vals=None):
        """Why ``answer`` cannot be given to the matter now, or False: the
        agenda's answer tells what was agreed, so the minutes are approved
        and something was agreed; a theme's names the theme; a decision's
        needs a hand-off sent for decision."""
        self.ensure_one()
        vals = vals or {}
        if answer == "agenda":
            meeting = self.meeting_id
            if not meeting:
                return self.env._(
                    "The matter %(item)s is on no meeting's agenda.", item=self.name
                )
            if meeting.state not in LOCKED_STATES:
                return self.env._(
                    "The answer tells what was agreed: approve the minutes of "
                    "%(meeting)s first.",
                    meeting=meeting.display_name,
                )
            if not self.agreement_ids:
                return self.env._(
                    "Nothing was agreed on %(item)s: answer otherwise.",
                    item=self.name,
                )
        if answer == "theme" and not (vals.get("theme_id") or self.theme_id):
            return self.env._("Choose the theme the matter is part of first.")
        if answer == "decision" and not self.answer_handoff_id:
            return self.env._(
                "Hand off an agreement on %(item)s for decision first.",
                item=self.name,
            )
        return False

    def _kp_tell_answer(self):
        """Tell each matter's proposer or contact its answer, once: saving
        the same answer again tells nothing."""
        template = self.env.ref(ANSWER_TEMPLATE)
        for item in self:
            told = (item.sudo().answer_told or "").split(":")[0]
            if not item.answer or told == item.answer:
                continue
            item._kp_send_answer(template)
            item.sudo().write(
                {
                    "answer_told": item.answer,
                    "answer_date": item.table_id._today(),
                }
            )

    def _kp_tell_decision(self, handoff):
        """The hand-off of an answered matter was decided: tell its proposer
        or contact once more (once per decision). The partners told."""
        template = self.env.ref(ANSWER_TEMPLATE)
        told = self.env["res.partner"]
        for item in self.sudo().filtered("answer"):
            key = f"{item.answer}:{handoff.id}:{handoff.state}"
            if item.answer_told == key or not item.answer_partner_id:
                continue
            item._kp_send_answer(template)
            item.write({"answer_told": key})
            told |= item.answer_partner_id
        return told

    def _kp_send_answer(self, template):
        partner = self.answer_partner_id
        if partner:
            self._kp_notify_with_template(template, partner)

    def _kp_answer_agreements(self):
        """What was agreed on the matter, once the minutes are approved."""
        self.ensure_one()
        if self.meeting_id.state not in LOCKED_STATES:
            return self.env["kp.agreement"]
        return self.agreement_ids.sorted(lambda a: (a.sequence, a.id))

    def _kp_no_reason_message(self):
        return self.env._(
            "Tell the proposer why the matter is not taken: the reason is required."
        )

from odoo import api, fields, models


class KpAgendaDeclineWizard(models.TransientModel):
    """Asks the convener why a proposal is declined; the proposer is told."""

    _name = "kp.agenda.decline.wizard"
    _description = "Decline Agenda Proposal"

    item_ids = fields.Many2many("kp.agenda.item", string="Proposals", required=True)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "kp.agenda.item":
            values["item_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_decline(self):
        self.item_ids.action_decline(self.reason)
        return {"type": "ir.actions.act_window_close"}

from odoo import fields, models


class KpAnonymiseWizard(models.TransientModel):
    """Anonymises a person at their request (GDPR art. 17) and keeps what
    the tables agreed (managers of partnership tables)."""

    _name = "kp.anonymise.wizard"
    _description = "Anonymise a Person"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="cascade"
    )

    def action_anonymise(self):
        self.partner_id._kp_anonymise()
        return {"type": "ir.actions.act_window_close"}

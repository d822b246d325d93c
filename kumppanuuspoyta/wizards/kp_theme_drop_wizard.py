from odoo import fields, models


class KpThemeDropWizard(models.TransientModel):
    """Asks why the table stops working on a theme; the reason stays on it."""

    _name = "kp.theme.drop.wizard"
    _description = "Drop the Theme"

    theme_id = fields.Many2one("kp.theme", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_drop(self):
        self.ensure_one()
        return self.theme_id.action_drop(self.reason)

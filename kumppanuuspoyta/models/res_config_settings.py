from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kp_reminder_days = fields.Integer(
        related="company_id.kp_reminder_days", readonly=False
    )

    @api.constrains("kp_reminder_days")
    def _check_kp_reminder_days(self):
        for settings in self:
            if not 0 <= settings.kp_reminder_days <= 60:
                raise ValidationError(
                    self.env._(
                        "Commitments are reminded 0 to 60 days before the deadline."
                    )
                )

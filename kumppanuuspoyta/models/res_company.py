from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kp_reminder_days = fields.Integer(
        string="Commitment Reminder (days before)",
        default=3,
        help="How many days before a commitment's deadline its responsible "
        "person is reminded.",
    )

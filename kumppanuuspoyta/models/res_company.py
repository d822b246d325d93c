from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    kp_reminder_days = fields.Integer(
        string="Commitment Reminder (days before)",
        default=3,
        help="How many days before a commitment's deadline its responsible "
        "person is reminded.",
    )
    # one setting per reminder: a turn is not a commitment (issue #19)
    kp_turn_reminder_days = fields.Integer(
        string="Turn Reminder (days before)",
        default=3,
        help="How many days before an occurrence of a joint activity the "
        "responsible organisation's contact is reminded of the turn.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    # on the company, where the value lives: the settings form writes it here
    @api.constrains("kp_reminder_days")
    def _check_kp_reminder_days(self):
        for company in self:
            if not 0 <= company.kp_reminder_days <= 60:
                raise ValidationError(
                    self.env._(
                        "Commitments are reminded 0 to 60 days before the deadline."
                    )
                )

    @api.constrains("kp_turn_reminder_days")
    def _check_kp_turn_reminder_days(self):
        for company in self:
            if not 0 <= company.kp_turn_reminder_days <= 60:
                raise ValidationError(
                    self.env._("Turns are reminded 0 to 60 days before they come.")
                )

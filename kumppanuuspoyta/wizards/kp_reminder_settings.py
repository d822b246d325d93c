from odoo import api, fields, models
from odoo.exceptions import AccessError


class KpReminderSettings(models.TransientModel):
    """The partnership tables' settings of a municipality, for its managers.

    Odoo's Settings are for administrators only; a manager of the tables sets
    the reminder days of their own companies here.
    """

    _name = "kp.reminder.settings"
    _description = "Partnership Table Settings"

    company_id = fields.Many2one(
        "res.company",
        string="Municipality",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    reminder_days = fields.Integer(
        string="Commitment Reminder (days before)",
        compute="_compute_reminder_days",
        store=True,
        readonly=False,
        help="How many days before a commitment's deadline its responsible "
        "person is reminded.",
    )

    turn_reminder_days = fields.Integer(
        string="Turn Reminder (days before)",
        compute="_compute_reminder_days",
        store=True,
        readonly=False,
        help="How many days before an occurrence of a joint activity the "
        "responsible organisation's contact is reminded of the turn.",
    )

    @api.depends("company_id")
    def _compute_reminder_days(self):
        for settings in self:
            settings.reminder_days = settings.company_id.kp_reminder_days
            settings.turn_reminder_days = settings.company_id.kp_turn_reminder_days

    def action_save(self):
        self.ensure_one()
        user = self.env.user
        if not user.has_group(
            "kumppanuuspoyta.group_kp_manager"
        ) or self.company_id not in (user.company_ids):
            raise AccessError(
                self.env._(
                    "Only a manager of the partnership tables of %(company)s "
                    "changes its settings.",
                    company=self.company_id.name,
                )
            )
        # only administrators write companies; a manager may change this one
        # value of their own municipality (the company's constraint checks it)
        self.company_id.sudo().write(
            {
                "kp_reminder_days": self.reminder_days,
                "kp_turn_reminder_days": self.turn_reminder_days,
            }
        )
        return {"type": "ir.actions.act_window_close"}

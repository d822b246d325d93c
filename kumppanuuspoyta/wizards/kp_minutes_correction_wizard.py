from odoo import fields, models


class KpMinutesCorrectionWizard(models.TransientModel):
    """Reopens approved minutes for a correction, with the reason."""

    _name = "kp.minutes.correction.wizard"
    _description = "Correct Approved Minutes"

    meeting_id = fields.Many2one("kp.meeting", required=True)
    reason = fields.Text(required=True)

    def action_correct(self):
        self.meeting_id.action_correct_minutes(self.reason)
        return {"type": "ir.actions.act_window_close"}

from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    kp_meeting_id = fields.Many2one(
        "kp.meeting", compute="_compute_kp_meeting_id", string="Partnership Table Meeting"
    )

    def _compute_kp_meeting_id(self):
        meetings = self.env["kp.meeting"].sudo().search([("event_id", "in", self.ids)])
        by_event = {meeting.event_id.id: meeting.id for meeting in meetings}
        for event in self:
            event.kp_meeting_id = by_event.get(event.id, False)

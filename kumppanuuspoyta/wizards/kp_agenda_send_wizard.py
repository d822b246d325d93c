from odoo import api, fields, models


class KpAgendaSendWizard(models.TransientModel):
    """What "Send Agenda" will send and to whom, before it goes."""

    _name = "kp.agenda.send.wizard"
    _description = "Send Agenda"

    meeting_id = fields.Many2one("kp.meeting", required=True, ondelete="cascade")
    recipient_ids = fields.Many2many(
        "res.partner",
        compute="_compute_recipients",
        string="Recipients",
        help="The attendees who receive the agenda by e-mail.",
    )
    unreachable_ids = fields.Many2many(
        "res.partner",
        compute="_compute_recipients",
        string="Without E-mail",
        help="Attendees without an e-mail address: tell them another way.",
    )
    is_update = fields.Boolean(compute="_compute_agenda")
    agenda_html = fields.Html(
        compute="_compute_agenda", sanitize=False, string="Agenda"
    )

    @api.depends("meeting_id")
    def _compute_recipients(self):
        for wizard in self:
            # the event is private to its attendees: whoever may send the
            # meeting's agenda sees to whom it goes
            attendees = wizard.meeting_id.event_id.sudo().attendee_ids
            wizard.recipient_ids = attendees.filtered("email").partner_id
            wizard.unreachable_ids = attendees.filtered(
                lambda a: not a.email
            ).partner_id

    @api.depends("meeting_id")
    def _compute_agenda(self):
        for wizard in self:
            meeting = wizard.meeting_id
            wizard.is_update = bool(meeting.agenda_sent_digest)
            wizard.agenda_html = meeting._agenda_html() if meeting else False

    def action_send(self):
        """Send, then confirm: a notification now and the meeting's chatter
        note of what went to how many (a large table's job tells when it is
        done); the dialog closes onto the meeting."""
        self.ensure_one()
        meeting = self.meeting_id
        # the preview was asked in the context the form's button gave
        meeting.with_context(kp_agenda_preview=False).action_send_agenda()
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "success",
                # what was sent, and to how many not (yet), as the meeting tells
                "message": meeting.send_progress,
            },
        )
        return {"type": "ir.actions.act_window_close"}

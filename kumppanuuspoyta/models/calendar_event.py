from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    kp_meeting_id = fields.Many2one(
        "kp.meeting",
        compute="_compute_kp_meeting_id",
        string="Partnership Table Meeting",
    )
    # the meeting's stored link to its event, seen from the event: the record
    # rules in security/kp_calendar_rules.xml find the meeting's company by it
    kp_meeting_ids = fields.One2many(
        "kp.meeting", "event_id", string="Partnership Table Meetings"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_kp_meeting_id(self):
        # as the current user: the calendar must not reveal a meeting (its name
        # is read as superuser) to someone who does not sit at its table
        Meeting = self.env["kp.meeting"].with_context(active_test=False)
        if not Meeting.has_access("read"):
            self.kp_meeting_id = False
            return
        meetings = Meeting.search([("event_id", "in", self.ids)])
        by_event = {meeting.event_id.id: meeting.id for meeting in meetings}
        for event in self:
            event.kp_meeting_id = by_event.get(event.id, False)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        """A meeting's event is named with the meeting's date, also in Odoo's
        own calendar and e-mails ("Invitation to …", "…: Date updated"): a
        new start or name renames it in the same write, so the mail about a
        moved meeting already carries its new date."""
        if "start" not in vals and "name" not in vals:
            return super().write(vals)
        meeting_events = self.sudo().filtered("kp_meeting_ids").with_env(self.env)
        result = super(CalendarEvent, self - meeting_events).write(vals)
        for event in meeting_events:
            meeting = event.sudo().kp_meeting_ids[:1]
            start = fields.Datetime.to_datetime(vals.get("start")) or event.start
            name = meeting._event_name(vals.get("name") or meeting.name, start)
            result = super(CalendarEvent, event).write(dict(vals, name=name)) and result
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_customer_summary(self):
        """The .ics summary of a meeting's event carries the meeting's date,
        so calendars can tell the meetings of one table apart."""
        # the .ics is built for attendees who need not read the meeting
        meeting = self.sudo().kp_meeting_ids[:1]
        if not meeting:
            return super()._get_customer_summary()
        table = meeting.table_id
        return table._meeting_name(meeting.name, meeting.start, table._event_lang())

from odoo import fields, models

# an event's fields whose change moves its entry in people's calendars
CALENDAR_FIELDS = ("start", "stop", "allday", "location", "videocall_location")


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
        own calendar: a new start or name renames it in the same write.

        Its attendees hear of a change from the meeting, whose calendar file
        updates the entry they have: Odoo's own e-mails about the event (its
        invitation to new attendees, its "Date updated" with a file of its
        own) are left out by the context key calendar's ``write`` checks,
        ``skip_attendee_notification``, and the meeting sends its change
        notice, or its invitation to the new attendees."""
        meeting_events = self.sudo().filtered("kp_meeting_ids").with_env(self.env)
        result = True
        if self - meeting_events:
            result = super(CalendarEvent, self - meeting_events).write(vals)
        for event in meeting_events:
            result = event._kp_meeting_write(dict(vals)) and result
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_meeting_write(self, vals):
        """``write`` of one meeting's event: see ``write``."""
        meeting = self.sudo().kp_meeting_ids[:1]
        if "start" in vals or "name" in vals:
            start = fields.Datetime.to_datetime(vals.get("start")) or self.start
            vals["name"] = meeting._event_name(vals.get("name") or meeting.name, start)
        before = self.sudo().read(list(CALENDAR_FIELDS))
        attendees = self.sudo().attendee_ids
        quiet = self.with_context(skip_attendee_notification=True)
        result = super(CalendarEvent, quiet).write(vals)
        moved = self.sudo().read(list(CALENDAR_FIELDS)) != before
        meeting._kp_event_changed(moved, self.sudo().attendee_ids - attendees)
        return result

    def _get_customer_summary(self):
        """The .ics summary of a meeting's event carries the meeting's date,
        so calendars can tell the meetings of one table apart."""
        # the .ics is built for attendees who need not read the meeting
        meeting = self.sudo().kp_meeting_ids[:1]
        if not meeting:
            return super()._get_customer_summary()
        table = meeting.table_id
        return table._meeting_name(meeting.name, meeting.start, table._event_lang())

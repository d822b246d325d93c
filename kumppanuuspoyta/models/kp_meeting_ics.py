from datetime import timedelta
from functools import lru_cache

import pytz
import vobject
from vobject.base import ContentLine

from odoo import fields, models
from odoo.tools import clean_context, email_normalize, html2plaintext

ICS_NAME = "invitation.ics"
PRODID = "-//Kumppanuuspoyta//Odoo//EN"
# iTIP methods (RFC 5546) of the files the addon makes: an invitation or an
# update, a cancellation, a download for one's own calendar
ICS_METHODS = ("REQUEST", "CANCEL", "PUBLISH")
# an attendee's reply, as their calendar shows it
PARTSTAT = {"accepted": "ACCEPTED", "declined": "DECLINED", "tentative": "TENTATIVE"}


@lru_cache(maxsize=64)
def _vtimezone(zone):
    """The VTIMEZONE of ``zone`` (a tz database name), made once: vobject
    derives a zone's rules from its transitions, which takes long."""
    calendar = vobject.iCalendar()
    calendar.add(vobject.icalendar.TimezoneComponent(pytz.timezone(zone)))
    return calendar.vtimezone.serialize()


def _param(text):
    """``text`` as an iCalendar parameter value (no double quotes)."""
    return (text or "").replace('"', "'")


class KpMeeting(models.Model):
    """The meeting as an entry of people's own calendars: the one builder of
    its iCalendar files (RFC 5545, with the iTIP methods of RFC 5546), for
    the e-mails to its attendees and the portal's download alike.

    One UID for the meeting's life, so a calendar replaces the entry it has;
    a SEQUENCE that goes up with every change of time, place or state, so
    the newer file wins; the time in the table's zone with its VTIMEZONE;
    the table's reply address as ORGANIZER (not a person's mailbox); and in
    each file no address but the recipient's own and the table's. Built
    with vobject, as Odoo's own calendar file is."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.meeting"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    ics_sequence = fields.Integer(
        string="Calendar Revision",
        readonly=True,
        copy=False,
        default=0,
        help="Goes up with every change of the meeting's time, place or state: "
        "people's calendars replace the entry they have with the newer one.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        changed = self.browse()
        if "state" in vals:
            changed = self.filtered(lambda m: m.state != vals["state"])
        result = super().write(vals)
        changed._kp_ics_revise()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_ics_revise(self):
        """The meeting's entry changed (time, place or state): the next file
        carries a higher SEQUENCE."""
        for meeting in self.sudo():
            meeting.ics_sequence += 1

    def _kp_ics(self, method="PUBLISH", attendee=None):
        """The meeting's calendar file (bytes): iTIP ``method``, with
        ``attendee`` (a calendar.attendee) alone as ATTENDEE, or nobody (a
        PUBLISH file names no attendee)."""
        return self._kp_ics_files(attendee or [None], method)[attendee or None]

    def _kp_ics_files(self, attendees, method):
        """{attendee: the meeting's calendar file for them alone}: the entry
        is serialized once, each attendee's ATTENDEE line apart (a file
        takes vobject milliseconds, a line a fraction)."""
        self.ensure_one()
        if method not in ICS_METHODS:
            raise ValueError(method)
        head, end = self._kp_ics_calendar(method).serialize().rsplit("END:VEVENT", 1)
        personal = method != "PUBLISH"
        return {
            attendee: (
                head
                + self._kp_ics_organizer(attendee if personal else None)
                + (self._kp_ics_attendee(attendee) if attendee and personal else "")
                + "END:VEVENT"
                + end
            ).encode()
            for attendee in attendees
        }

    def _kp_ics_attachments(self, attendees, method):
        """Each attendee's own calendar file, as attachments of the meeting's
        event made together (in the order of ``attendees``)."""
        self.ensure_one()
        files = self._kp_ics_files(attendees, method)
        # a calendar file must not create a document (as Odoo's no_document)
        Attachment = self.env["ir.attachment"].sudo()
        Attachment = Attachment.with_context(
            **clean_context(self.env.context), no_document=True
        )
        return Attachment.create(
            [
                {
                    "name": ICS_NAME,
                    "description": ICS_NAME,
                    # the MIME type of an iTIP message names its method; the
                    # charset, for mail readers that do not default to UTF-8
                    "mimetype": f"text/calendar; charset=utf-8; method={method}",
                    "raw": files[attendee],
                    "res_model": "calendar.event",
                    "res_id": self.event_id.id,
                }
                for attendee in attendees
            ]
        )

    def _kp_ics_feed(self, commitments, name):
        """A calendar to subscribe to (bytes, ``METHOD:PUBLISH``, named
        ``name``): each of these meetings as the entry its invitations carry
        (the same UID and SEQUENCE, no attendee) and the deadlines of
        ``commitments`` as all-day entries. Calendar applications read a
        subscription again and again, and replace what they hold with it:
        an entry that leaves the file leaves the calendar."""
        calendar = vobject.iCalendar()
        calendar.add("prodid").value = PRODID
        calendar.add("method").value = "PUBLISH"
        calendar.add("x-wr-calname").value = name
        zones = set()
        for meeting in self.sudo():
            single = meeting._kp_ics_calendar("PUBLISH")
            zone = single.vtimezone.tzid.value
            if zone not in zones:
                zones.add(zone)
                calendar.add(single.vtimezone)
            calendar.add(single.vevent)
        for commitment in commitments.sudo():
            self._kp_ics_deadline(calendar, commitment)
        return calendar.serialize().encode()

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_ics_deadline(self, calendar, commitment):
        """A commitment's deadline in ``calendar``: an all-day entry (a
        VEVENT, not a VTODO: Outlook's, Google's and Apple's subscribed
        calendars show events only), free time, naming the organisation and
        the table, no one's address."""
        entry = calendar.add("vevent")
        entry.add("uid").value = self._kp_ics_uid("commitment", commitment.id)
        entry.add("dtstamp").value = pytz.utc.localize(fields.Datetime.now())
        entry.add("dtstart").value = commitment.deadline
        entry.add("dtend").value = commitment.deadline + timedelta(days=1)
        entry.add("summary").value = self.env._(
            "Deadline: %(what)s", what=commitment.name
        )
        entry.add("description").value = self.env._(
            "Commitment of %(organisation)s at the table %(table)s",
            organisation=commitment.organisation_id.name,
            table=commitment.table_id.name,
        )
        entry.add("status").value = "CONFIRMED"
        entry.add("transp").value = "TRANSPARENT"
        return entry

    def _kp_ics_calendar(self, method):
        """The meeting's entry (a vobject calendar) without attendees."""
        meeting = self.sudo()
        event = meeting.event_id
        zone = pytz.timezone(meeting.tz or "UTC")
        calendar = vobject.iCalendar()
        calendar.add("prodid").value = PRODID
        calendar.add("method").value = method
        # the zone's rules, for the local times below
        calendar.add(vobject.readOne(_vtimezone(zone.zone)))
        entry = calendar.add("vevent")
        entry.add("uid").value = meeting._kp_ics_uid()
        entry.add("sequence").value = str(meeting.ics_sequence)
        entry.add("dtstamp").value = pytz.utc.localize(fields.Datetime.now())
        entry.add("dtstart").value = pytz.utc.localize(event.start).astimezone(zone)
        entry.add("dtend").value = pytz.utc.localize(event.stop).astimezone(zone)
        entry.add("summary").value = event._get_customer_summary()
        # the agenda: the event's description, as Odoo's own file takes it
        description = html2plaintext(event._get_customer_description())
        if description:
            entry.add("description").value = description
        if event.location or event.videocall_location:
            entry.add("location").value = event.location or event.videocall_location
        if event.videocall_location:
            entry.add("url").value = event.videocall_location
        cancelled = method == "CANCEL" or meeting.state == "cancelled"
        entry.add("status").value = "CANCELLED" if cancelled else "CONFIRMED"
        entry.add("transp").value = "OPAQUE"
        return calendar

    def _kp_ics_organizer(self, attendee=None):
        """The ORGANIZER line (text): the table's reply address; in an
        attendee's own file their personal reply address at the same
        mailbox (``kp.mail.reply``), so the Accept of their calendar client
        comes back through Odoo's gateway and is recorded."""
        meeting = self.sudo()
        address = (
            attendee
            and self.env["kp.mail.reply"]._kp_reply_address(
                meeting, attendee.partner_id, "meeting"
            )
        ) or meeting._kp_ics_organizer_address()
        if not address:
            return ""
        line = ContentLine("ORGANIZER", [], f"mailto:{address}")
        line.params["CN"] = [_param(meeting.table_id.name)]
        return line.serialize()

    def _kp_ics_attendee(self, attendee):
        """The ATTENDEE line (text) of ``attendee``, who is asked to reply."""
        address = email_normalize(attendee.email) or attendee.email
        line = ContentLine("ATTENDEE", [], f"mailto:{address}")
        line.params.update(
            {
                "CN": [_param(attendee.common_name or attendee.email)],
                "CUTYPE": ["INDIVIDUAL"],
                "ROLE": ["REQ-PARTICIPANT"],
                "PARTSTAT": [PARTSTAT.get(attendee.state, "NEEDS-ACTION")],
                "RSVP": ["TRUE"],
            }
        )
        return line.serialize()

    def _kp_ics_uid(self, kind="meeting", res_id=None):
        """The UID of the meeting (or of a record of ``kind``) in every
        calendar: stable for its life, unique across databases."""
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        return f"kp-{kind}-{res_id or self.id}@{uuid}"

    def _kp_ics_organizer_address(self):
        """The table's reply address: its municipality's catchall address,
        else the municipality's e-mail; never a person's mailbox."""
        company = self.sudo().company_id
        return company.catchall_email or company.email or False

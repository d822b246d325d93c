"""Calendar files as mail clients expect them (issue 21, RFC 5545 and the
iTIP methods of RFC 5546): each attendee's e-mail carries their own small
file naming no one else; one UID for the meeting's life and a SEQUENCE that
goes up, so a new time or place updates the entry people already have and a
cancellation removes it; the time in the table's zone with its VTIMEZONE;
the table's reply address as organiser. And "sent" is recorded only when an
e-mail was really queued (issue 19)."""

from datetime import UTC, timedelta

import icalendar

from odoo.tests import tagged

from .common import KpMeetingCommon


@tagged("post_install", "-at_install")
class TestMeetingCalendarFiles(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._opening_item()
        cls.table.company_id.email = "kirjaamo@testikunta.example.com"
        cls.people = cls.table.participant_ids.partner_id

    def _file(self, mail):
        """The calendar file of ``mail``: (its VCALENDAR, its VEVENT)."""
        [file] = mail.attachment_ids
        self.assertEqual(file.name, "invitation.ics")
        calendar = icalendar.Calendar.from_ical(file.raw)
        method = str(calendar["METHOD"])
        self.assertEqual(
            file.mimetype, f"text/calendar; charset=utf-8; method={method.lower()}"
        )
        [entry] = calendar.walk("VEVENT")
        return calendar, entry

    def _assert_entry(self, mail, partner, meeting, method):
        """The file of ``mail`` to ``partner`` is the meeting's entry as it is
        now, for ``partner`` alone; returns its SEQUENCE."""
        calendar, entry = self._file(mail)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertEqual(str(calendar["METHOD"]), method)
        uuid = self.env["ir.config_parameter"].get_param("database.uuid")
        self.assertEqual(str(entry["UID"]), f"kp-meeting-{meeting.id}@{uuid}")
        # the table's local time, with the zone's rules
        [zone] = calendar.walk("VTIMEZONE")
        self.assertEqual(str(zone["TZID"]), "Europe/Helsinki")
        self.assertTrue(zone.walk("STANDARD") and zone.walk("DAYLIGHT"))
        for name, value in (("DTSTART", meeting.start), ("DTEND", meeting.stop)):
            moment = entry.decoded(name)
            self.assertEqual(str(moment.tzinfo), "Europe/Helsinki", name)
            self.assertEqual(moment.astimezone(UTC).replace(tzinfo=None), value)
        self.assertIn(meeting.name, str(entry["SUMMARY"]))
        self.assertIn("Kokouksen avaus", str(entry["DESCRIPTION"]), "the agenda")
        self.assertEqual(
            str(entry["STATUS"]), "CANCELLED" if method == "CANCEL" else "CONFIRMED"
        )
        # the table's reply address, not a person's mailbox
        organizer = entry["ORGANIZER"]
        self.assertEqual(str(organizer), "mailto:kirjaamo@testikunta.example.com")
        self.assertEqual(organizer.params["CN"], self.table.name)
        # the recipient alone, asked to reply
        attendee = entry["ATTENDEE"]
        self.assertIsInstance(attendee, icalendar.vCalAddress, "one attendee")
        self.assertEqual(str(attendee), f"mailto:{partner.email}")
        self.assertEqual(attendee.params["RSVP"], "TRUE")
        self.assertEqual(attendee.params["CN"], partner.name)
        self._assert_no_other_address(mail, partner, self.people)
        return int(entry["SEQUENCE"])

    def test_each_invitation_carries_the_attendees_own_file(self):
        meeting = self._meeting(location="Ystäväntupa")
        for partner in self.emailed:
            [mail] = self._mails(partner, "Invitation to")
            self._assert_entry(mail, partner, meeting, "REQUEST")
            _calendar, entry = self._file(mail)
            self.assertEqual(str(entry["LOCATION"]), "Ystäväntupa")
            self.assertEqual(entry["ATTENDEE"].params["PARTSTAT"], "NEEDS-ACTION")

    def test_a_new_time_or_place_updates_the_same_entry(self):
        meeting = self._meeting()
        sequences = {}
        for partner in self.emailed:
            [mail] = self._mails(partner, "Invitation to")
            sequences[partner] = self._assert_entry(mail, partner, meeting, "REQUEST")
        meeting.write({"start": meeting.start + timedelta(days=1, hours=2)})
        for partner in self.emailed:
            # the meeting's own notice, with the file that moves the entry
            self.assertFalse(self._mails(partner, "Date updated"), "not Odoo's")
            [notice] = self._mails(partner, "Changed: ")
            sequence = self._assert_entry(notice, partner, meeting, "REQUEST")
            self.assertGreater(sequence, sequences[partner])
            sequences[partner] = sequence
            self.assertIn(meeting.table_id.name, notice.body_html)
        # a new place is a change too
        meeting.location = "Kirjaston kokoushuone"
        for partner in self.emailed:
            notice = self._mails(partner, "Changed: ").sorted("id")[-1]
            sequence = self._assert_entry(notice, partner, meeting, "REQUEST")
            self.assertGreater(sequence, sequences[partner])
            _calendar, entry = self._file(notice)
            self.assertEqual(str(entry["LOCATION"]), "Kirjaston kokoushuone")
            self.assertIn("Kirjaston kokoushuone", notice.body_html)

    def test_moved_in_odoos_calendar_the_meeting_tells_its_attendees(self):
        meeting = self._meeting()
        meeting.event_id.sudo().write({"start": meeting.start + timedelta(days=7)})
        self.assertEqual(meeting.ics_sequence, 1)
        for partner in self.emailed:
            self.assertFalse(self._mails(partner, "Date updated"))
            [notice] = self._mails(partner, "Changed: ")
            self._assert_entry(notice, partner, meeting, "REQUEST")

    def test_a_coordinator_moves_the_meeting(self):
        self._seat(self.table, self.user_coordinator.partner_id, [self.role_convener])
        meeting = self._meeting()
        meeting.with_user(self.user_coordinator).write(
            {"start": meeting.start + timedelta(hours=3)}
        )
        self.assertEqual(meeting.send_user_id, self.user_coordinator)
        for partner in self.emailed:
            [notice] = self._mails(partner, "Changed: ")
            self._assert_entry(notice, partner, meeting, "REQUEST")
        # the coordinator, who moved it, is not e-mailed about it
        self.assertFalse(self._mails(self.user_coordinator.partner_id, "Changed: "))
        self.assertTrue(meeting.send_progress.startswith("Change Notices: 3 / 3"))

    def test_sent_from_the_table_not_from_a_participant(self):
        """A coordinator who sits at the table plans the meeting: the
        e-mails come from the municipality, so hundreds of participants do
        not learn the coordinator's own address."""
        self._seat(self.table, self.user_coordinator.partner_id, [self.role_convener])
        self.user_coordinator.email = "kalle.koordinaattori@example.com"
        meeting = (
            self.env["kp.meeting"]
            .with_user(self.user_coordinator)
            .create({"table_id": self.table.id, "start": self._start(days=9)})
        )
        people = self.people | self.user_coordinator.partner_id
        for partner in self.emailed:
            [mail] = self._mails(partner, "Invitation to").filtered(
                lambda m, e=meeting.event_id: m.res_id == e.id
            )
            self.assertIn("kirjaamo@testikunta.example.com", mail.email_from)
            self._assert_no_other_address(mail, partner, people)
            self._assert_entry(mail, partner, meeting, "REQUEST")

    def test_cancellation_removes_the_entry(self):
        meeting = self._meeting()
        invited = {}
        for partner in self.emailed:
            [mail] = self._mails(partner, "Invitation to")
            invited[partner] = self._assert_entry(mail, partner, meeting, "REQUEST")
        meeting.cancel_reason = "Puheenjohtaja sairastui"
        meeting.action_cancel()
        for partner in self.emailed:
            [mail] = self._mails(partner, "Cancelled: ")
            self.assertIn("Puheenjohtaja sairastui", mail.body_html)
            sequence = self._assert_entry(mail, partner, meeting, "CANCEL")
            self.assertGreater(sequence, invited[partner])
        self.assertTrue(meeting.send_progress.startswith("Cancellation Notices: 3 / 3"))

    def test_sent_only_when_queued(self):
        """When the calendar's e-mails are stopped, no one is marked sent."""
        self.env["ir.config_parameter"].set_param("calendar.block_mail", "1")
        meeting = self._meeting()
        for partner in self.emailed:
            self.assertFalse(self._mails(partner), partner.name)
        self.assertEqual(meeting.send_progress, "Invitations: 0 / 3 sent, 3 not sent")
        self.assertIn("the calendar's e-mails are turned off", meeting.send_problems)
        note = meeting.message_ids.filtered(
            lambda m: "Invitations sent to 0 attendees." in (m.body or "")
        )
        self.assertIn("Not sent to 3:", note.body)
        # mail that is held back for a send is not sent either
        self.env["ir.config_parameter"].set_param("calendar.block_mail", "")
        self.env["kp.agenda.item"].create({"meeting_id": meeting.id, "name": "Asia"})
        meeting.with_context(no_mail_to_attendees=True).action_send_agenda()
        for partner in self.emailed:
            self.assertFalse(self._mails(partner), partner.name)
        self.assertEqual(meeting.send_progress, "Agenda: 0 / 3 sent, 3 not sent")
        self.assertIn("e-mails to attendees were held back", meeting.send_problems)

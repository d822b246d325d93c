"""A meeting's calendar files in a real calendar store (issue 21).

A participant's calendar is a CalDAV collection of Radicale (from PyPI), run
by this test on a free port with a storage folder of its own. The store
receives the invitation, the change notice and the cancellation of one
meeting in the order the participant receives them, each applied as a mail
client applies an iTIP message (RFC 5546 and RFC 6047): the entry of the
file's UID is replaced by a file whose SEQUENCE is at least its own, stored
without the METHOD (RFC 4791, 4.1) by plain HTTP PUT. Afterwards the store
holds exactly one entry, at the new time, marked cancelled. (Odoo's own
files had a new UID each time: a calendar got a second entry for a moved
meeting, and a cancellation left the first in place.)

Runs under pytest-odoo in the database scripts/test installs.
"""

import base64
import http.client
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, timedelta
from pathlib import Path
from urllib.parse import quote

import icalendar
from localservice import free_port, wait_for_port
from lxml import etree

from odoo.tests import tagged

from odoo.addons.kumppanuuspoyta.tests.common import KpMeetingCommon

START_TIMEOUT = 30
USER = "linnea"
AUTH = "Basic " + base64.b64encode(f"{USER}:x".encode()).decode()


class CalendarStore:
    """Radicale on 127.0.0.1, and what a CalDAV client says to it."""

    def __init__(self, folder):
        self.port = free_port()
        self.log = (Path(folder) / "radicale.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                "--server-hosts",
                f"127.0.0.1:{self.port}",
                "--storage-filesystem-folder",
                str(Path(folder) / "collections"),
                "--auth-type",
                "none",
                "--rights-type",
                "owner_only",
                "--logging-level",
                "warning",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if not wait_for_port(self.port, self.process, START_TIMEOUT):
            self.stop()
            raise RuntimeError("Radicale did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Authorization": AUTH, **(headers or {})},
            )
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def calendar(self, name):
        """A new calendar collection of the participant: its path."""
        path = f"/{USER}/{name}/"
        status, body = self.request("MKCALENDAR", path)
        assert status == 201, (status, body)
        return path

    def entries(self, calendar):
        """Every calendar object of the collection, parsed."""
        status, body = self.request("PROPFIND", calendar, headers={"Depth": "1"})
        assert status == 207, (status, body)
        hrefs = [
            href.text
            for href in etree.fromstring(body).iter("{DAV:}href")
            if href.text.endswith(".ics")
        ]
        found = []
        for href in hrefs:
            status, content = self.request("GET", href)
            assert status == 200, (status, href)
            found.append(icalendar.Calendar.from_ical(content))
        return found

    def receive(self, calendar, file):
        """Apply an iTIP message as a mail client does: REQUEST or CANCEL
        replaces the entry of its UID unless the entry is newer (a higher
        SEQUENCE); the stored object carries no METHOD."""
        message = icalendar.Calendar.from_ical(file)
        [event] = message.walk("VEVENT")
        href = calendar + quote(f"{event['UID']}.ics")
        status, current = self.request("GET", href)
        if status == 200:
            [stored] = icalendar.Calendar.from_ical(current).walk("VEVENT")
            if int(stored["SEQUENCE"]) > int(event["SEQUENCE"]):
                return status
        stored = icalendar.Calendar()
        for name, value in message.property_items(recursive=False):
            if name not in ("BEGIN", "END", "METHOD"):
                stored.add(name, value)
        for component in message.subcomponents:
            stored.add_component(component)
        status, body = self.request(
            "PUT",
            href,
            body=stored.to_ical(),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert status in (201, 204), (status, body)
        return status

    def refresh(self, calendar, file):
        """Read a subscription again as a calendar application does: the
        collection becomes what the file holds (Radicale stores a whole
        calendar PUT on a collection, one object per UID)."""
        feed = icalendar.Calendar.from_ical(file)
        stored = icalendar.Calendar()
        for name, value in feed.property_items(recursive=False):
            if name not in ("BEGIN", "END", "METHOD"):
                stored.add(name, value)
        for component in feed.subcomponents:
            stored.add_component(component)
        status, body = self.request(
            "PUT",
            calendar,
            body=stored.to_ical(),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert status in (201, 204), (status, body)


@tagged("post_install", "-at_install")
class TestCalendarStore(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = tempfile.mkdtemp(prefix="kp_caldav_")
        cls.addClassCleanup(shutil.rmtree, folder, ignore_errors=True)
        cls.store = CalendarStore(folder)
        cls.addClassCleanup(cls.store.stop)

    def setUp(self):
        super().setUp()
        # the participant's own calendar, empty
        self.calendar = self.store.calendar(self._testMethodName)

    def _file(self, partner, subject):
        [mail] = self._mails(partner, subject)
        [file] = mail.attachment_ids
        return file.raw

    def test_invitation_update_and_cancellation_leave_one_cancelled_entry(self):
        partner = self.person_official
        meeting = self._meeting(location="Ystäväntupa")
        self.store.receive(self.calendar, self._file(partner, "Invitation to"))
        [calendar] = self.store.entries(self.calendar)
        [event] = calendar.walk("VEVENT")
        self.assertEqual(
            event.decoded("DTSTART").astimezone(UTC).replace(tzinfo=None),
            meeting.start,
        )
        # moved by a day and two hours, then cancelled
        new_start = meeting.start + timedelta(days=1, hours=2)
        meeting.write({"start": new_start})
        self.store.receive(self.calendar, self._file(partner, "Changed: "))
        meeting.cancel_reason = "Puheenjohtaja sairastui"
        meeting.action_cancel()
        self.store.receive(self.calendar, self._file(partner, "Cancelled: "))

        [calendar] = self.store.entries(self.calendar)
        [event] = calendar.walk("VEVENT")
        self.assertEqual(str(event["UID"]), meeting._kp_ics_uid())
        self.assertEqual(
            event.decoded("DTSTART").astimezone(UTC).replace(tzinfo=None), new_start
        )
        self.assertEqual(str(event["DTSTART"].params["TZID"]), "Europe/Helsinki")
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(int(event["SEQUENCE"]), meeting.ics_sequence)
        self.assertEqual(str(event["LOCATION"]), "Ystäväntupa")

    def test_an_old_file_received_late_changes_nothing(self):
        """The change notice arrives after the cancellation (mail is not
        delivered in order): the higher SEQUENCE keeps the entry cancelled."""
        partner = self.person_volunteer
        meeting = self._meeting()
        meeting.write({"start": meeting.start + timedelta(hours=1)})
        meeting.action_cancel()
        self.store.receive(self.calendar, self._file(partner, "Cancelled: "))
        self.store.receive(self.calendar, self._file(partner, "Changed: "))
        self.store.receive(self.calendar, self._file(partner, "Invitation to"))
        [calendar] = self.store.entries(self.calendar)
        [event] = calendar.walk("VEVENT")
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(int(event["SEQUENCE"]), meeting.ics_sequence)

    def test_a_subscription_read_again_follows_the_meetings(self):
        """The personal subscription (/kp/calendar/<key>.ics) read into the
        store, then read again after a meeting moved and another was
        cancelled: one entry per meeting and deadline, the moved one at its
        new time, the cancelled one gone."""
        partner = self.person_official
        moved = self._meeting(name="Siirtyvä tapaaminen")
        dropped = self._meeting(name="Peruttava tapaaminen", start=self._start(days=9))
        commitment = self.env["kp.commitment"].create(
            {
                "table_id": self.table.id,
                "name": "Varaa sali",
                "organisation_id": self.org_city.id,
                "responsible_partner_id": partner.id,
                "deadline": self._today(self.table) + timedelta(days=5),
            }
        )
        deadline_uid = moved._kp_ics_uid("commitment", commitment.id)
        self.store.refresh(self.calendar, partner._kp_calendar_ics())
        events = {
            str(event["UID"]): event
            for calendar in self.store.entries(self.calendar)
            for event in calendar.walk("VEVENT")
        }
        self.assertEqual(
            set(events), {moved._kp_ics_uid(), dropped._kp_ics_uid(), deadline_uid}
        )
        new_start = moved.start + timedelta(days=1, hours=2)
        moved.write({"start": new_start})
        dropped.action_cancel()
        self.store.refresh(self.calendar, partner._kp_calendar_ics())
        events = {
            str(event["UID"]): event
            for calendar in self.store.entries(self.calendar)
            for event in calendar.walk("VEVENT")
        }
        self.assertEqual(set(events), {moved._kp_ics_uid(), deadline_uid})
        event = events[moved._kp_ics_uid()]
        self.assertEqual(
            event.decoded("DTSTART").astimezone(UTC).replace(tzinfo=None), new_start
        )
        self.assertEqual(int(event["SEQUENCE"]), moved.ics_sequence)
        self.assertEqual(events[deadline_uid].decoded("DTSTART"), commitment.deadline)

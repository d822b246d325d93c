import re
from datetime import date, timedelta

import icalendar

from odoo.tests import new_test_user, tagged

from .common import KpPortalCase
from .portal_common import PostMixin

RENEW = "/my/kp/calendar/renew"


@tagged("post_install", "-at_install")
class TestCalendarSubscription(PostMixin, KpPortalCase):
    """A person's calendar subscription, /kp/calendar/<key>.ics: what a
    calendar application reads without signing in, and the portal's button
    that renews the address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_swedish()
        cls.meeting_a = cls._meeting_in(
            cls.table_a, 10, name="Kevään suunnittelu", location="Kylätalo"
        )
        cls.meeting_a2 = cls._meeting_in(cls.table_a, 40, name="Kesän tapaaminen")
        cls.meeting_cancelled = cls._meeting_in(cls.table_a, 20, name="Peruttu")
        cls.meeting_cancelled.action_cancel()
        cls.meeting_b = cls._meeting_in(cls.table_b, 10, name="Beta-tapaaminen")
        today = cls._today(cls.table_a)
        cls.commitment_mine.deadline = today + timedelta(days=14)
        cls.commitment_other.deadline = today + timedelta(days=15)
        cls.commitment_b.deadline = today + timedelta(days=16)
        # another municipality's table, where someone of ours does not sit
        cls._setup_other_company()
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Otto Ulkopuolinen", "email": "otto@example.com"}
        )
        cls._seat(cls.table_other, cls.outsider)

    def _subscribe(self):
        """Ask for an address in the portal as the participant; the address."""
        self._login_portal()
        response = self._post(RENEW)
        self.assertEqual(response.status_code, 303)
        page = self.url_open("/my/kp/tables").text
        [url] = re.findall(
            r'id="kp_calendar_url"[^>]*>([^<]*/kp/calendar/[^<]+\.ics)<', page
        )
        return url

    def _read(self, url):
        """The address as a calendar application reads it: no session."""
        self.opener.cookies.clear()
        return self.url_open(url, allow_redirects=False)

    def _calendar(self, url):
        response = self._read(url)
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response, icalendar.Calendar.from_ical(response.content)

    def test_portal_page_offers_and_renews_the_address(self):
        self._login_portal()
        page = self.url_open("/my/kp/tables").text
        self.assertIn("Your calendar subscription", page)
        self.assertIn("Create a subscription address", page)
        self.assertNotIn(".ics", page)
        first = self._subscribe()
        page = self.url_open("/my/kp/tables").text
        self.assertIn("Renew", page)
        second = self._subscribe()
        self.assertNotEqual(first, second)
        # the old address is gone at once, the new one answers
        old = self._read(first)
        self.assertEqual(old.status_code, 404)
        self.assertNotIn("BEGIN:VCALENDAR", old.text)
        self.assertEqual(self._read(second).status_code, 200)

    def test_renewing_needs_the_forms_token(self):
        self._login_portal()
        with self.assertLogs("odoo.http", "WARNING") as logs:
            response = self.url_open(RENEW, data={"x": "1"}, allow_redirects=False)
        self.assertIn("No CSRF validation token", logs.output[0])
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.portal_partner._kp_calendar_url())

    def test_subscription_holds_the_persons_meetings_and_deadlines(self):
        url = self._subscribe()
        response, calendar = self._calendar(url)
        self.assertEqual(
            response.headers["Content-Type"], "text/calendar; charset=utf-8"
        )
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        # a calendar application keeps no session of ours
        self.assertNotIn("session_id", response.headers.get("Set-Cookie", ""))
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")
        entries = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
        # the meetings of table A but the cancelled one, each entry as the
        # participant's invitation has it: the same UID and SEQUENCE
        meetings = self.meeting_a | self.meeting_a2
        for meeting in meetings:
            [invitation] = self.env["mail.mail"].search(
                [
                    ("recipient_ids", "in", self.portal_partner.ids),
                    ("attachment_ids.name", "=", "invitation.ics"),
                    ("subject", "ilike", meeting.name),
                ]
            )
            [sent] = icalendar.Calendar.from_ical(
                invitation.attachment_ids.filtered(
                    lambda a: a.name == "invitation.ics"
                ).raw
            ).walk("VEVENT")
            entry = entries.pop(str(sent["UID"]))
            self.assertEqual(int(entry["SEQUENCE"]), int(sent["SEQUENCE"]))
            self.assertEqual(entry.decoded("DTSTART"), sent.decoded("DTSTART"))
            self.assertEqual(str(entry["SUMMARY"]), str(sent["SUMMARY"]))
            self.assertIn(meeting.name, str(entry["SUMMARY"]))
        # the deadline of the participant's organisation's commitment, all
        # day, and none of another organisation's or of another table
        [deadline] = entries.values()
        self.assertEqual(
            str(deadline["UID"]),
            self.meeting_a._kp_ics_uid("commitment", self.commitment_mine.id),
        )
        self.assertEqual(deadline.decoded("DTSTART"), self.commitment_mine.deadline)
        self.assertIsInstance(deadline.decoded("DTSTART"), date)
        self.assertIn(self.commitment_mine.name, str(deadline["SUMMARY"]))
        text = response.content.decode().replace("\r\n ", "")
        for absent in (
            self.meeting_b.name,
            self.meeting_cancelled.name,
            self.commitment_b.name,
        ):
            self.assertNotIn(absent, text)
        # the other organisation's commitment is on the agenda (its review),
        # not a deadline of the participant's
        other = self.meeting_a._kp_ics_uid("commitment", self.commitment_other.id)
        self.assertNotIn(other, text)
        # no one's address but the table's (its municipality's)
        self.assertNotIn("ATTENDEE", text)
        self.assertEqual(
            set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", text))
            - {self.meeting_a._kp_ics_organizer_address()},
            set(),
        )
        for partner in self.meeting_a.sudo().event_id.partner_ids:
            if partner.email:
                self.assertNotIn(partner.email, text)

    def test_subscription_in_the_persons_language(self):
        url = self._subscribe()
        name = self.portal_partner.name
        what = self.commitment_mine.name
        for lang, calendar_name, summary in (
            ("fi_FI", f"Kumppanuuspöydät: {name}", f"Määräaika: {what}"),
            ("sv_SE", f"Partnerskapsbord: {name}", f"Tidsfrist: {what}"),
            ("en_US", f"Partnership tables: {name}", f"Deadline: {what}"),
        ):
            self.portal_partner.lang = lang
            _response, calendar = self._calendar(url)
            self.assertEqual(str(calendar["X-WR-CALNAME"]), calendar_name)
            summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
            self.assertIn(summary, summaries)

    def test_leaving_or_archiving_takes_the_meetings_away(self):
        url = self._subscribe()
        self.assertIn(self.meeting_a.name, self._read(url).text)
        self.portal_seat.active = False
        text = self._read(url).text
        self.assertIn("BEGIN:VCALENDAR", text)
        self.assertNotIn(self.meeting_a.name, text)
        self.assertNotIn(self.commitment_mine.name, text)
        self.portal_seat.active = True
        self.assertIn(self.meeting_a.name, self._read(url).text)
        self.portal_seat.action_leave()
        text = self._read(url).text
        self.assertNotIn(self.meeting_a.name, text)
        self.assertNotIn(self.commitment_mine.name, text)

    def test_an_archived_persons_address_is_not_found(self):
        self.person_volunteer._kp_renew_calendar_token()
        url = self.person_volunteer._kp_calendar_url()
        self.assertEqual(self._read(url).status_code, 200)
        self.person_volunteer.active = False
        self.assertEqual(self._read(url).status_code, 404)

    def test_wrong_keys_are_not_found(self):
        url = self._subscribe()
        key = url.rsplit("/", 1)[1][: -len(".ics")]
        for wrong in (
            "x" * 43,
            key[:-1],
            key + "A",
            key.swapcase(),
            "%00",
            "' OR 1=1 --",
            "a" * 5000,
        ):
            response = self._read(f"/kp/calendar/{wrong}.ics")
            self.assertEqual(response.status_code, 404, wrong)
            self.assertNotIn("BEGIN:VCALENDAR", response.text)
            self.assertNotIn("/web/login", response.text)

    def test_keys_are_unguessable_and_unique(self):
        people = self.env["res.partner"].create(
            [{"name": f"Henkilö {n}"} for n in range(20)]
        )
        people._kp_renew_calendar_token()
        keys = {p._kp_calendar_url() for p in people}
        self.assertEqual(len(keys), 20)
        for url in keys:
            self.assertRegex(url, r"/kp/calendar/[A-Za-z0-9_-]{43}\.ics$")

    def test_someone_of_another_municipality_sees_nothing_of_ours(self):
        self.outsider._kp_renew_calendar_token()
        meeting = self.env["kp.meeting"].create(
            {
                "table_id": self.table_other.id,
                "start": self.meeting_a.start,
                "name": "Toisen kunnan tapaaminen",
            }
        )
        _response, calendar = self._calendar(self.outsider._kp_calendar_url())
        [entry] = calendar.walk("VEVENT")
        self.assertEqual(str(entry["UID"]), meeting._kp_ics_uid())
        text = calendar.to_ical().decode()
        for ours in (self.meeting_a, self.meeting_a2, self.meeting_b):
            self.assertNotIn(ours._kp_ics_uid(), text)
        self.assertNotIn(self.commitment_mine.name, text)

    def test_the_key_is_no_ones_to_read(self):
        """Other users read contacts, never a person's key."""
        coordinator = new_test_user(
            self.env,
            "kp_sub_coordinator",
            groups="kumppanuuspoyta.group_kp_coordinator",
        )
        self.portal_partner._kp_renew_calendar_token()
        for user in (coordinator, self.user_portal):
            partner = self.portal_partner.with_user(user)
            self.assertNotIn("kp_calendar_token", partner.fields_get())
        self.assertTrue(coordinator.partner_id.with_user(coordinator).ids)

import re
from datetime import UTC

import icalendar

from odoo import http
from odoo.tests import tagged

from .common import KpPortalCase


@tagged("post_install", "-at_install")
class TestPortalAgenda(KpPortalCase):
    """Coming meetings as .ics files and agenda proposals from the portal."""

    sign_in = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting_a = cls._meeting_in(
            cls.table_a, 10, name="Kevään suunnittelu", location="Kylätalo"
        )
        cls.meeting_b = cls._meeting_in(cls.table_b, 10, name="Beta-tapaaminen")

    def _propose(self, table, **data):
        return self.url_open(
            f"/my/kp/tables/{table.id}/propose",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def _items(self):
        return self.env["kp.agenda.item"].search_count([])

    def test_ics_of_coming_meeting(self):
        # the municipality's registry address (a database without demo data
        # has none until the municipality sets it)
        company = self.table_a.company_id
        company.email = "kirjaamo@testikaupunki.example"
        response = self.url_open(f"/my/kp/tables/{self.table_a.id}")
        self.assertIn(f"/my/kp/meetings/{self.meeting_a.id}/ics", response.text)
        response = self.url_open(f"/my/kp/meetings/{self.meeting_a.id}/ics")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn(".ics", response.headers["Content-Disposition"])
        ics = response.text
        self.assertIn("BEGIN:VCALENDAR", ics)
        self.assertIn("Kylätalo", ics)
        # the entry the invitations carry (the same builder): its UID and
        # revision, the table's local time, published for one's own calendar
        calendar = icalendar.Calendar.from_ical(response.content)
        [entry] = calendar.walk("VEVENT")
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")
        self.assertEqual(str(entry["UID"]), self.meeting_a._kp_ics_uid())
        self.assertEqual(int(entry["SEQUENCE"]), self.meeting_a.ics_sequence)
        start = entry.decoded("DTSTART")
        self.assertEqual(str(start.tzinfo), "Europe/Helsinki")
        self.assertEqual(
            start.astimezone(UTC).replace(tzinfo=None), self.meeting_a.start
        )
        # nobody's e-mail address: Odoo's file lists every attendee's
        invited = self.meeting_a.sudo().event_id.partner_ids
        self.assertGreater(len(invited.filtered("email")), 1)
        for partner in invited.filtered("email"):
            self.assertNotIn(partner.email, ics.replace("\r\n ", ""))
        self.assertNotIn("ATTENDEE", ics)
        # the only address: the table's (its municipality's) as organiser
        self.assertEqual(
            re.findall(r"mailto:([^\s;:]+)", ics.replace("\r\n ", "")),
            [company.catchall_email or "kirjaamo@testikaupunki.example"],
        )

    def test_ics_of_other_table_or_cancelled_refused(self):
        response = self.url_open(f"/my/kp/meetings/{self.meeting_b.id}/ics")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("BEGIN:VCALENDAR", response.text)
        response = self.url_open("/my/kp/meetings/999999/ics")
        self.assertEqual(response.status_code, 404)
        self.meeting_a.action_cancel()
        response = self.url_open(f"/my/kp/meetings/{self.meeting_a.id}/ics")
        self.assertEqual(response.status_code, 404)

    def test_propose_item(self):
        response = self._propose(
            self.table_a,
            name="Nuorten kesätyöt kylillä",
            description="Miten yhdistykset voisivat palkata nuoria?",
            duration="15",
            meeting_id=str(self.meeting_a.id),
        )
        self.assertEqual(response.status_code, 303)
        item = self.env["kp.agenda.item"].search(
            [("name", "=", "Nuorten kesätyöt kylillä")]
        )
        self.assertEqual(len(item), 1)
        self.assertEqual(item.state, "proposed")
        self.assertEqual(item.table_id, self.table_a)
        self.assertEqual(item.meeting_id, self.meeting_a)
        self.assertEqual(item.proposer_id, self.portal_seat)
        self.assertEqual(item.duration, 15)
        # the proposal waits for the convener: not on the published agenda,
        # but listed among the proposer's own proposals
        response = self.url_open(response.headers["Location"])
        self.assertIn("Thank you: your proposal was sent", response.text)
        self.assertNotIn("Nuorten kesätyöt kylillä", self._agenda(response.text))
        proposals = response.text.split("o_kp_portal_proposals")[1]
        self.assertIn("Nuorten kesätyöt kylillä", proposals)
        # once accepted it is on the meeting's agenda for everyone
        item.action_accept()
        response = self.url_open(f"/my/kp/tables/{self.table_a.id}")
        self.assertIn("Nuorten kesätyöt kylillä", self._agenda(response.text))

    def _agenda(self, html):
        """The published agenda of meeting A on the table page."""
        card = html.split(f"/my/kp/meetings/{self.meeting_a.id}/ics")[1]
        return card.split("card-body")[1].split("</div>")[0]

    def test_propose_at_other_table_refused(self):
        before = self._items()
        response = self._propose(self.table_b, name="Salakuljetettu kohta")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._items(), before)

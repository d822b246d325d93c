import json
from datetime import UTC

import pytz
from lxml import html

from odoo.tests import tagged

from .common import KpPortalCase

WEEKDAYS_FI = ["ma", "ti", "ke", "to", "pe", "la", "su"]


@tagged("post_install", "-at_install")
class TestPortalMeetings(KpPortalCase):
    """Replies to invitations, the numbers on the /my tiles, dates in the
    reader's language and the portal's translated JavaScript."""

    sign_in = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._meeting_in(cls.table_a, 10, name="Kevään suunnittelu")

    def _doc(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response, html.fromstring(response.text)

    def _card(self, doc):
        cards = doc.xpath(f"//*[@id='kp_meeting_{self.meeting.id}']")
        self.assertEqual(len(cards), 1)
        return cards[0]

    def _attendee(self):
        attendee = self.meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.portal_partner
        )
        self.assertEqual(len(attendee), 1)
        return attendee

    def _local_start(self):
        return (
            self.meeting.start.replace(tzinfo=UTC)
            .astimezone(pytz.timezone(self.meeting.tz))
            .replace(tzinfo=None)
        )

    # --- accept or decline ---------------------------------------

    def test_accept_and_decline_from_the_table_page(self):
        attendee = self._attendee()
        self.assertEqual(attendee.state, "needsAction")
        url = f"/my/kp/tables/{self.table_a.id}"
        _response, doc = self._doc(url)
        card = self._card(doc)
        reply = card.xpath(".//*[contains(@class, 'o_kp_portal_reply')]")
        self.assertIn("You have not replied yet.", reply[0].text_content())
        accept = card.xpath(".//a[contains(@class, 'o_kp_portal_accept')]/@href")
        decline = card.xpath(".//a[contains(@class, 'o_kp_portal_decline')]/@href")
        # Odoo's own RSVP, with this participant's invitation token
        self.assertEqual(
            accept,
            [
                f"/calendar/meeting/accept?token={attendee.access_token}"
                f"&id={self.meeting.event_id.id}"
            ],
        )
        self.assertEqual(len(decline), 1)
        self.assertTrue(decline[0].startswith("/calendar/meeting/decline?"))

        # accepting comes back to the table's page, which shows the reply
        response = self.url_open(accept[0])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"{url}#kp_meeting_{self.meeting.id}"))
        self.assertEqual(attendee.state, "accepted")
        card = self._card(html.fromstring(response.text))
        reply = card.xpath(".//*[contains(@class, 'o_kp_portal_reply')]")
        self.assertIn("You will attend.", reply[0].text_content())
        self.assertFalse(card.xpath(".//a[contains(@class, 'o_kp_portal_accept')]"))

        response = self.url_open(decline[0])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(attendee.state, "declined")
        card = self._card(html.fromstring(response.text))
        reply = card.xpath(".//*[contains(@class, 'o_kp_portal_reply')]")
        self.assertIn("You cannot attend.", reply[0].text_content())
        self.assertFalse(card.xpath(".//a[contains(@class, 'o_kp_portal_decline')]"))
        self.assertTrue(card.xpath(".//a[contains(@class, 'o_kp_portal_accept')]"))

    def test_reply_in_finnish(self):
        self._login_portal("fi_FI")
        _response, doc = self._doc(f"/my/kp/tables/{self.table_a.id}")
        card = self._card(doc)
        reply = card.xpath(".//*[contains(@class, 'o_kp_portal_reply')]")
        self.assertIn("Et ole vielä vastannut.", reply[0].text_content())
        accept = card.xpath(".//a[contains(@class, 'o_kp_portal_accept')]")
        self.assertIn("Osallistun", accept[0].text_content())

    # --- the /my tiles -------------------------------------------

    def _tile(self, doc, href):
        card = "div[contains(@class, 'o_portal_index_card')]"
        tiles = doc.xpath(f"//a[@href='{href}']/ancestor::{card}")
        self.assertEqual(len(tiles), 1)
        return tiles[0]

    def test_tiles_show_their_numbers(self):
        _response, doc = self._doc("/my")
        tables = self._tile(doc, "/my/kp/tables")
        commitments = self._tile(doc, "/my/kp/commitments")
        for tile in (tables, commitments):
            self.assertNotIn("d-none", tile.get("class").split())
        # one table (not table B), one own commitment (not the city's)
        self.assertEqual(
            tables.text_content().split()[:3], ["1", "Partnership", "tables"]
        )
        self.assertEqual(commitments.text_content().split()[:2], ["1", "Commitments"])
        self.commitment_other.organisation_id = self.org_assoc
        _response, doc = self._doc("/my")
        commitments = self._tile(doc, "/my/kp/commitments")
        self.assertEqual(commitments.text_content().split()[0], "2")

    # --- dates and times -----------------------------------------

    def test_dates_in_finnish(self):
        self._login_portal("fi_FI")
        _response, doc = self._doc(f"/my/kp/tables/{self.table_a.id}")
        local = self._local_start()
        expected = (
            f"{WEEKDAYS_FI[local.weekday()]} {local.day}.{local.month}.{local.year}"
            f" klo {local.hour}.{local:%M}"
        )
        heading = self._card(doc).xpath(".//h3")[0].text_content()
        self.assertIn(expected, " ".join(heading.split()))
        options = doc.xpath("//select[@id='kp_propose_meeting']/option")
        self.assertIn(expected, " ".join(options[1].text_content().split()))

    def test_dates_in_english(self):
        # Odoo's medium date of English and its 24-hour time, as everywhere
        _response, doc = self._doc(f"/my/kp/tables/{self.table_a.id}")
        local = self._local_start()
        expected = f"{local:%a}, {local:%b} {local.day}, {local.year}, {local:%H:%M}"
        heading = self._card(doc).xpath(".//h3")[0].text_content()
        self.assertIn(expected, " ".join(heading.split()))

    # --- the portal's JavaScript in Finnish ----------------------

    def test_portal_chatter_translated(self):
        """The comments of a commitment are Odoo's mail chatter: its texts
        come from the frontend translations, which must include `mail`."""
        self._login_portal("fi_FI")
        response, doc = self._doc(f"/my/kp/commitments/{self.commitment_mine.id}")
        self.assertEqual(doc.get("lang"), "fi-FI")
        self.assertIn("/website/translations", response.text)
        response = self.url_open("/website/translations?lang=fi_FI")
        self.assertEqual(response.status_code, 200)
        modules = json.loads(response.text)["modules"]
        self.assertIn("mail", sorted(modules))
        messages = {m["id"]: m["string"] for m in modules["mail"]["messages"]}
        self.assertEqual(messages["The conversation is empty."], "Keskustelu on tyhjä.")

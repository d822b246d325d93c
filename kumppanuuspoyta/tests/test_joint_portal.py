from datetime import date, datetime

from lxml import html

from odoo import http
from odoo.tests import HttpCase, tagged

from .joint_common import ORGS, KpJointFixtures


@tagged("post_install", "-at_install")
class TestJointPortal(KpJointFixtures, HttpCase):
    """A portal participant sees their organisation's coming turns, confirms
    one and asks for a swap, which the coordinator accepts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()
        cls.user_portal.lang = "en_US"
        # till May: the organisation a swap goes to has a turn to give back
        cls.turns = cls._season(date(2030, 1, 1), date(2030, 5, 31))
        cls.mine = cls.turns.filtered(lambda t: t.organisation_id == cls.orgs[1])

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_portal.login, self.user_portal.login)
        self.opener.cookies.set("frontend_lang", "en_US")

    def _post(self, url, **data):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def test_own_turns_confirm_and_swap(self):
        self.assertEqual(len(self.mine), 1)
        page = self.url_open("/my/kp/turns")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'data-kp-turn="{self.mine.id}"', page.text)
        # only the organisation's own turn
        self.assertEqual(page.text.count("data-kp-turn="), 1)
        self.assertIn("Kahvia ja kohtaamisia", page.text)
        self.assertIn("Confirm the Turn", page.text)
        self.assertIn(ORGS[4], page.text, "the organisations it can go to")

        response = self._post(f"/my/kp/turns/{self.mine.id}/confirm")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.mine.confirmed)

        response = self._post(
            f"/my/kp/turns/{self.mine.id}/swap",
            organisation_id=str(self.orgs[4].id),
            reason="Kevätretki",
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.mine.swap_organisation_id, self.orgs[4])
        self.assertIn("Swap requested to", self.url_open("/my/kp/turns").text)
        self.mine.with_user(self.user_coordinator).action_accept_swap()
        self.assertEqual(self.mine.organisation_id, self.orgs[4])
        self.assertNotIn(
            f'data-kp-turn="{self.mine.id}"', self.url_open("/my/kp/turns").text
        )

    def test_other_organisations_turn_is_not_found(self):
        other = self.turns - self.mine
        response = self._post(f"/my/kp/turns/{other[0].id}/confirm")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(other[0].confirmed)

    def test_swap_to_an_organisation_that_has_left(self):
        self.seats[3].action_leave()
        response = self._post(
            f"/my/kp/turns/{self.mine.id}/swap", organisation_id=str(self.orgs[3].id)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("has left the table", response.text)
        self.assertFalse(self.mine.swap_organisation_id)

    def _card(self):
        page = html.fromstring(self.url_open("/my/kp/turns").text)
        return page.xpath(f"//li[@data-kp-turn='{self.mine.id}']")[0]

    def test_swap_asks_to_choose_and_then_waits(self):
        """Issue #20 points 5 and 14: the select defaulted to the first
        organisation, and after asking for a swap the card still offered to
        confirm the turn."""
        select = self._card().xpath(".//select[@name='organisation_id']")[0]
        self.assertIsNotNone(select.get("required"))
        choose, *options = select.xpath("./option")
        self.assertEqual(choose.get("value"), "")
        self.assertIsNotNone(choose.get("selected"))
        self.assertIsNotNone(choose.get("disabled"))
        # the organisations with a coming turn to give back, with its date
        self.assertEqual(
            [option.get("value") for option in options],
            [str(self.orgs[i].id) for i in (0, 2, 3, 4)],
        )
        # the day as the table's formatter writes it in the reader's language
        day = self.mine.table_id._format_day(
            datetime(2030, 4, 16), lang=self.user_portal.lang
        )
        self.assertIn(day, options[2].text_content())
        # no choice sent: said so, nothing asked
        response = self._post(f"/my/kp/turns/{self.mine.id}/swap", organisation_id="")
        self.assertIn("Choose the organisation to swap the turn with.", response.text)
        self.assertFalse(self.mine.swap_organisation_id)
        card = self._card()
        self.assertTrue(card.xpath(".//button[contains(@class, 'o_kp_turn_confirm')]"))
        # asked: the coordinator decides, the card confirms nothing meanwhile
        self._post(
            f"/my/kp/turns/{self.mine.id}/swap", organisation_id=str(self.orgs[3].id)
        )
        self.assertEqual(self.mine.swap_organisation_id, self.orgs[3])
        card = self._card()
        self.assertFalse(card.xpath(".//button[contains(@class, 'o_kp_turn_confirm')]"))
        self.assertFalse(card.xpath(".//select"))
        self.assertIn("Swap requested to", card.text_content())

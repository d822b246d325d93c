"""The portal as a participant on a phone meets it (issue 20, point 14):
each /my tile has a picture of its own, a turn whose organisation asked for
a swap no longer offers to confirm it, and a refused proposal comes back at
its form with the message next to the field it is about (the browser's side,
the scrolling on a phone, is in test_portal_tour.py)."""

from datetime import date

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged

from .common import KpPortalCase
from .joint_common import KpJointFixtures
from .portal_common import PostMixin

TILES = ("/my/kp/tables", "/my/kp/commitments", "/my/kp/proposals", "/my/kp/turns")


@tagged("post_install", "-at_install")
class TestPortalCards(PostMixin, KpPortalCase):
    sign_in = True

    def test_each_tile_has_its_own_picture(self):
        page = lxml_html.fromstring(self.url_open("/my").text)
        icons = {}
        for url in TILES:
            (tile,) = page.xpath(
                f"//div[contains(@class, 'o_portal_index_card')]/a[@href='{url}']"
            )
            (image,) = tile.xpath(".//div[contains(@class, 'o_portal_icon')]/img")
            icons[url] = image.get("src")
        self.assertEqual(len(set(icons.values())), len(TILES), icons)
        self.assertNotIn("/web/static/img/folder.svg", icons.values())
        for url, src in icons.items():
            with self.subTest(tile=url):
                response = self.url_open(src)
                self.assertEqual(response.status_code, 200)
                self.assertIn("image/svg+xml", response.headers["Content-Type"])

    def test_refused_proposal_comes_back_at_its_field(self):
        response = self._post(
            f"/my/kp/tables/{self.table_a.id}/propose", name="   ", duration="15"
        )
        self.assertEqual(response.status_code, 200)
        doc = lxml_html.fromstring(response.text)
        (form,) = doc.xpath("//form[contains(@class, 'o_kp_portal_propose')]")
        # the page opens at the form, not at its top
        self.assertTrue(form.get("action").endswith("#kp_propose"), form.get("action"))
        (field,) = doc.xpath("//input[@id='kp_propose_name']")
        self.assertEqual(field.get("aria-invalid"), "true")
        self.assertIn("is-invalid", field.get("class"))
        self.assertIsNotNone(field.get("autofocus"), "the field takes the focus")
        (error,) = doc.xpath(f"//*[@id='{field.get('aria-describedby')}']")
        self.assertIn("Give your proposal a title.", error.text_content())
        self.assertIs(error.getparent(), field.getparent(), "next to the field")
        # the fields that were right are not marked
        for other in ("kp_propose_description", "kp_propose_duration"):
            (element,) = doc.xpath(f"//*[@id='{other}']")
            self.assertIsNone(element.get("aria-invalid"), other)
        # what was typed stays
        (duration,) = doc.xpath("//input[@id='kp_propose_duration']")
        self.assertEqual(duration.get("value"), "15")

    def test_refusal_of_the_whole_proposal_is_at_the_form(self):
        """A refusal that is about no one field (the model's own) is shown
        at the top of the form, under its heading."""
        response = self._post(
            f"/my/kp/tables/{self.table_a.id}/propose",
            name="Kohta",
            duration="9999",
        )
        doc = lxml_html.fromstring(response.text)
        (heading,) = doc.xpath("//*[@id='kp_propose']")
        (error,) = doc.xpath("//*[contains(@class, 'o_kp_portal_error')]")
        self.assertIn("480", error.text_content())
        self.assertIs(heading.getnext(), error, "right under the form's heading")


@tagged("post_install", "-at_install")
class TestPortalTurnCard(PostMixin, KpJointFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()
        cls.user_portal.lang = "en_US"
        turns = cls._season(date(2030, 1, 1), date(2030, 4, 30))
        cls.mine = turns.filtered(lambda t: t.organisation_id == cls.orgs[1])

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_portal.login, self.user_portal.login)

    def _card(self):
        page = lxml_html.fromstring(self.url_open("/my/kp/turns").text)
        (card,) = page.xpath(f"//li[@data-kp-turn='{self.mine.id}']")
        return card

    def test_a_turn_asked_to_swap_is_not_offered_for_confirmation(self):
        confirm = f"/my/kp/turns/{self.mine.id}/confirm"
        self.assertTrue(self._card().xpath(f".//form[@action='{confirm}']"))
        response = self._post(
            f"/my/kp/turns/{self.mine.id}/swap",
            # an organisation with a coming turn to give back
            organisation_id=str(self.mine.sudo().swap_candidate_ids[:1].id),
            reason="Kevätretki",
        )
        self.assertEqual(response.status_code, 303)
        card = self._card()
        self.assertIn("Swap requested to", card.text_content())
        self.assertFalse(
            card.xpath(f".//form[@action='{confirm}']"),
            "no 'Confirm the Turn' while the organisation asks to hand it over",
        )
        # the coordinator refuses the swap: the turn can be confirmed again
        self.mine.with_user(self.user_coordinator).action_refuse_swap()
        self.assertTrue(self._card().xpath(f".//form[@action='{confirm}']"))

import json
import uuid
from datetime import timedelta

from odoo.tests import HttpCase, freeze_time, tagged

from .common import KpPageAsserts
from .publication_common import KpPublicationFixtures
from .test_portal_tour import AXE_RUN, DESKTOP, PHONE, axe_source


@tagged("post_install", "-at_install")
class TestPublicationPages(KpPageAsserts, KpPublicationFixtures, HttpCase):
    """The public page of a memo and the municipality's feed, as anyone on
    the internet reads them: without signing in, without the website app,
    visibility decided at each request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_publication_fixtures()
        cls.publication = cls._published()
        cls.url = f"/kp/memo/{cls.publication.sudo().access_token}"

    def test_page_until_the_end_then_gone_without_the_job(self):
        end = self.publication.date_end
        with freeze_time(end - timedelta(seconds=1)):
            response = self.url_open(self.url, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kyläkoulun tilat", response.text)
        self.assertNotIn("Riitta", response.text)
        self.assertIn('lang="fi-FI"', response.text)
        self.assertEqual(response.headers["X-Robots-Tag"], "noindex")
        # cached no longer than the second left
        self.assertEqual(response.headers["Cache-Control"], "public, max-age=1")
        with freeze_time(end + timedelta(seconds=1)):
            response = self.url_open(self.url, allow_redirects=False)
        self.assertEqual(response.status_code, 410)
        self.assertIn("kirjaamo@example.org", response.text)
        self.assertNotIn("Kyläkoulun tilat", response.text)
        self.assertEqual(self.publication.state, "published", "no job ran")

    def test_withdrawn_memo_is_gone_at_once(self):
        self.publication.with_user(self.user_coordinator).action_withdraw()
        self.assertFalse(self.publication.snapshot)
        response = self.url_open(self.url, allow_redirects=False)
        self.assertEqual(response.status_code, 410)
        self.assertNotIn("Kyläkoulun tilat", response.text)
        self.assertIn("kirjaamo@example.org", response.text)

    def test_wrong_address_is_not_found(self):
        self.assertNotFound(
            f"/kp/memo/{uuid.uuid4()}",
            "/kp/memo/x' OR 1=1",
            "/kp/memos/999999/feed.atom",
        )

    def test_preview_is_not_public(self):
        draft = self._publication()
        response = self.url_open(
            f"/kp/memo/{draft.sudo().access_token}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)

    def test_feed_lists_what_is_visible_now(self):
        # a memo whose period ended, the job not run yet
        ended = self._published()
        ended.sudo().write(
            {
                "date_start": ended.date_start - timedelta(days=40),
                "date_end": ended.date_start - timedelta(seconds=1),
            }
        )
        draft = self._publication()
        foreign_url = f"/kp/memos/{self.other_company.id}/feed.atom"
        response = self.url_open(f"/kp/memos/{self.company.id}/feed.atom")
        self.assertEqual(response.status_code, 200)
        self.assertIn("application/atom+xml", response.headers["Content-Type"])
        self.assertEqual(response.headers["X-Robots-Tag"], "noindex")
        self.assertIn(self.publication.sudo().access_token, response.text)
        self.assertNotIn(ended.sudo().access_token, response.text)
        self.assertNotIn(draft.sudo().access_token, response.text)
        other = self.url_open(foreign_url)
        self.assertNotIn(self.publication.sudo().access_token, other.text)

    def test_public_addresses_give_a_visitor_no_session(self):
        """A memo's page and the feed may be kept by a shared cache
        (Cache-Control: public): they never hand out a session cookie, which
        such a cache would give every later reader."""
        for url in (self.url, f"/kp/memos/{self.company.id}/feed.atom"):
            with self.subTest(url=url):
                self.opener.cookies.clear()
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.headers["Cache-Control"].startswith("public"))
                self.assertNotIn("session_id", response.headers.get("Set-Cookie", ""))

    def test_indexing_allowed_by_the_municipality(self):
        self.company.kp_publication_indexing = True
        response = self.url_open(self.url)
        self.assertNotIn("X-Robots-Tag", response.headers)

    def test_accessibility_on_phone_and_desktop(self):
        """axe-core: no serious or critical violation on the memo's page and
        on the page after its period."""
        axe = self.env["ir.attachment"].create(
            {
                "name": "axe.min.js",
                "raw": axe_source().encode(),
                "mimetype": "text/javascript",
                "public": True,
            }
        )
        run = AXE_RUN.replace("AXE_URL", json.dumps(f"/web/content/{axe.id}"))
        gone = self._published()
        gone.sudo().write({"state": "expired", "snapshot": False})
        for size in (PHONE, DESKTOP):
            for url in (self.url, f"/kp/memo/{gone.sudo().access_token}"):
                with self.subTest(url=url, size=size):
                    self.browser_size = size
                    self.browser_js(
                        url, run, ready="document.readyState === 'complete'"
                    )

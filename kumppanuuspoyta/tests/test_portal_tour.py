import json
import os
from pathlib import Path

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KpPortalCase

PHONE = "375x812"
DESKTOP = "1366x768"

# Run in the page: load axe-core (AXE_URL), run its full rule set, fail on
# serious or critical violations, listing each with the elements concerned.
AXE_RUN = """
const axeScript = document.createElement("script");
axeScript.src = AXE_URL;
axeScript.onerror = () => console.error("axe-core could not be loaded");
axeScript.onload = () => axe.run(document, {resultTypes: ["violations"]}).then((r) => {
    const bad = r.violations.filter(
        (v) => v.impact === "serious" || v.impact === "critical"
    );
    if (bad.length) {
        console.error("axe-core: " + JSON.stringify(bad.map((v) => ({
            rule: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.html.slice(0, 200)),
        }))));
    } else {
        console.log("axe checked " + r.passes.length + " rules");
        console.log("test successful");
    }
});
document.head.appendChild(axeScript);
"""


def axe_source():
    """axe-core's script, installed by scripts/test (scripts/common.sh kp_axe)."""
    path = os.environ.get("KP_AXE_JS")
    if not path or not Path(path).is_file():
        raise AssertionError(
            "axe-core is missing: run the tests with scripts/test, or set "
            "KP_AXE_JS to axe-core's axe.min.js (npm install axe-core)."
        )
    return Path(path).read_text(encoding="utf-8")


@tagged("post_install", "-at_install")
class TestPortalTour(KpPortalCase):
    """The portal in Chromium: a participant's round, on a phone and a desktop,
    and an automated accessibility check of every portal page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # served to the browser from this database, for the length of the test
        axe = cls.env["ir.attachment"].create(
            {
                "name": "axe.min.js",
                "raw": axe_source().encode(),
                "mimetype": "text/javascript",
                "public": True,
            }
        )
        cls.axe_run = AXE_RUN.replace("AXE_URL", json.dumps(f"/web/content/{axe.id}"))
        cls.meeting_a = cls._meeting_in(cls.table_a, 14, name="Kevään suunnittelu")
        cls.minutes_a = cls._approved_minutes(
            cls.table_a, "Sovittiin kevään kahvilavuoroista."
        )
        # the page of tables shows the calendar subscription's address too
        cls.portal_partner._kp_renew_calendar_token()

    def _tour(self, size):
        self.browser_size = size
        self.start_tour(
            "/my",
            "kp_portal_tour",
            login="kp_portal",
            cookies={"frontend_lang": "fi_FI"},
        )
        self.assertEqual(self.commitment_mine.stage_id, self.stages[1])
        proposal = self.env["kp.agenda.item"].search(
            [("name", "=", "Kyläkoulun tilat iltakäyttöön")]
        )
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.proposer_id, self.portal_seat)
        self.assertEqual(proposal.duration, 20)
        self.assertFalse(proposal.meeting_id)

    def test_tour_on_phone(self):
        self._tour(PHONE)

    def test_tour_on_desktop(self):
        self._tour(DESKTOP)

    def test_refused_proposal_on_phone(self):
        """On a phone, a refused proposal reopens at its form (it was 1,700
        px below the top of the page): the message is on the screen, next to
        the title it is about, which is marked invalid."""
        Item = self.env["kp.agenda.item"]
        # a table with a season of coming meetings and their agendas, as the
        # demo's: the form is far below the top of the page on a phone
        for days in range(20, 80, 10):
            meeting = self._meeting_in(self.table_a, days, name=f"Tapaaminen {days}")
            Item.create(
                [
                    {
                        "meeting_id": meeting.id,
                        "name": f"Asia {number}",
                        "description": "Käydään läpi tilanne ja sovitaan jatko.",
                    }
                    for number in range(3)
                ]
            )
        before = Item.search_count([("table_id", "=", self.table_a.id)])
        self.browser_size = PHONE
        self.start_tour(
            f"/my/kp/tables/{self.table_a.id}",
            "kp_portal_proposal_error_tour",
            login="kp_portal",
            cookies={"frontend_lang": "fi_FI"},
        )
        self.assertEqual(
            Item.search_count([("table_id", "=", self.table_a.id)]), before
        )

    def test_accessibility(self):
        """axe-core finds no serious or critical violation on the portal pages,
        in Finnish, on a phone and on a desktop."""
        # a matter answered, as the list of the person's matters shows it
        theme = self.env["kp.theme"].create(
            {"table_id": self.table_a.id, "name": "Kylätiet"}
        )
        self._village_matter(self.table_a).write(
            {
                "contact_partner_id": self.portal_partner.id,
                "theme_id": theme.id,
                "answer": "theme",
            }
        )
        pages = [
            "/my",
            "/my/kp/tables",
            f"/my/kp/tables/{self.table_a.id}",
            "/my/kp/commitments",
            f"/my/kp/commitments/{self.commitment_mine.id}",
            "/my/kp/proposals",
            self.minutes_a.get_portal_url(),
        ]
        for size in (PHONE, DESKTOP):
            for page in pages:
                with self.subTest(page=page, size=size):
                    self.browser_size = size
                    self.browser_js(
                        page,
                        self.axe_run,
                        ready="document.readyState === 'complete'",
                        login="kp_portal",
                        cookies={"frontend_lang": "fi_FI"},
                    )

    def test_accessibility_check_catches_violations(self):
        """The check itself fails on a page with a serious violation (an image
        without text), so a passing check means something."""
        page = json.dumps('<img src="/web/static/img/placeholder.png">')
        script = (
            f"document.querySelector('main').insertAdjacentHTML('beforeend', {page});"
            + self.axe_run
        )
        # the browser's console error is the expected outcome here
        browser_log = f"{self._logger.name}.browser"
        with (
            self.assertRaisesRegex(AssertionError, "image-alt"),
            mute_logger(browser_log),
        ):
            self.browser_js(
                "/my",
                script,
                ready="document.readyState === 'complete'",
                login="kp_portal",
            )

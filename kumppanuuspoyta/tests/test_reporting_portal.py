from datetime import timedelta

from lxml import html

from odoo.tests import tagged

from .common import KpPortalCase


def _by_class(node, tag, css_class, tail=""):
    return node.xpath(
        f"//{tag}[contains(concat(' ', @class, ' '), ' {css_class} ')]{tail}"
    )


@tagged("post_install", "-at_install")
class TestPortalSummary(KpPortalCase):
    """An organisation's representative prints its commitments at every table
    they sit at, grouped by table, the overdue ones marked."""

    sign_in = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table_c = cls._table("Pöytä Gamma")
        cls._seat(cls.table_c, cls.portal_partner)
        cls.commitment_late = cls.env["kp.commitment"].create(
            {
                "table_id": cls.table_c.id,
                "name": "Palauta kyselyn tulokset",
                "organisation_id": cls.org_assoc.id,
                "deadline": cls._today(cls.table_c) - timedelta(days=2),
            }
        )

    def test_summary_by_table_with_overdue_markers(self):
        response = self.url_open("/my/kp/commitments/summary")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        sections = _by_class(page, "section", "o_kp_summary_table")
        titles = [s.xpath(".//h2/span")[0].text_content().strip() for s in sections]
        self.assertEqual(titles, ["Pöytä Alfa", "Pöytä Gamma"])
        alfa, gamma = sections
        self.assertIn(self.commitment_mine.name, alfa.text_content())
        self.assertIn(self.commitment_late.name, gamma.text_content())
        # the city's commitment and the table the user does not sit at: no
        self.assertNotIn(self.commitment_other.name, response.text)
        self.assertNotIn(self.commitment_b.name, response.text)
        overdue = _by_class(page, "tr", "o_kp_overdue")
        self.assertEqual(len(overdue), 1)
        self.assertIn(self.commitment_late.name, overdue[0].text_content())
        heading = " ".join(gamma.xpath(".//h2")[0].text_content().split())
        self.assertIn("Open: 1 · Done: 0 · Overdue: 1", heading)
        self.assertTrue(_by_class(page, "button", "o_kp_print"))

    def test_commitments_page_links_to_the_summary(self):
        response = self.url_open("/my/kp/commitments")
        page = html.fromstring(response.text)
        links = _by_class(page, "a", "o_kp_summary_link", "/@href")
        self.assertEqual(len(links), 1)
        self.assertTrue(links[0].endswith("/my/kp/commitments/summary"), links)

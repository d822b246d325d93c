"""The portal's list pages are bounded: Odoo's pager, 80 a page, and its
sort menu, at the same size and cost whatever the number of records
(issue: a table of a thousand)."""

import re

from odoo.tests import tagged

from .common import KpPortalCase


@tagged("post_install", "-at_install")
class TestPortalPager(KpPortalCase):
    sign_in = True

    def _grow_commitments(self, upto):
        Commitment = self.env["kp.commitment"].with_context(tracking_disable=True)
        have = Commitment.search_count([("name", "like", "Sitoumus ")])
        Commitment.create(
            [
                {
                    "table_id": self.table_a.id,
                    "name": f"Sitoumus {index:04d}",
                    "organisation_id": self.org_assoc.id,
                }
                for index in range(have, upto)
            ]
        )

    def _get(self, url):
        """The page, and the queries it took (warmed once)."""
        self.url_open(url)
        before = self.cr.sql_log_count
        response = self.url_open(url)
        queries = self.cr.sql_log_count - before
        self.assertEqual(response.status_code, 200)
        return response.text, queries

    def _items(self, html):
        return re.findall(r'href="/my/kp/commitments/(\d+)"', html)

    def test_commitments_page_is_bounded(self):
        sizes, counts = [], []
        for total in (100, 1000):
            self._grow_commitments(total)
            html, queries = self._get("/my/kp/commitments")
            self.assertEqual(len(set(self._items(html))), 80, "80 a page")
            self.assertTrue("/my/kp/commitments/page/2" in html, "the pager")
            sizes.append(len(html))
            counts.append(queries)
        self.assertEqual(counts[0], counts[1], f"queries at 100 and 1000: {counts}")
        self.assertLess(
            abs(sizes[0] - sizes[1]), sizes[0] * 0.02, f"bytes at 100 and 1000: {sizes}"
        )

    def test_commitments_sorted_and_paged(self):
        self._grow_commitments(100)
        html, _queries = self._get("/my/kp/commitments?sortby=name")
        self.assertTrue("Sort By" in html)
        names = re.findall(r">(Sitoumus \d{4})<", html)
        self.assertEqual(names[:2], ["Sitoumus 0000", "Sitoumus 0001"])
        # the page after: the rest of the 100 and the fixtures' own
        html, _queries = self._get("/my/kp/commitments/page/2?sortby=name")
        names = re.findall(r">(Sitoumus \d{4})<", html)
        # page 1: the fixtures' "Kerää yhdistysten uutiset", then 0000-0078
        self.assertEqual(names[0], "Sitoumus 0079")
        self.assertEqual(names[-1], "Sitoumus 0099")
        # another table's commitments stay out, on every page
        self.assertNotIn("Beta-pöydän salainen lupaus", html)
        html, _queries = self._get("/my/kp/commitments?sortby=newest")
        self.assertLess(html.index("Sitoumus 0099"), html.index("Sitoumus 0098"))

    def test_tables_paged(self):
        for index in range(90):
            table = self._table(f"Sivupöytä {index:03d}")
            self._seat(table, self.portal_partner)
        html, _queries = self._get("/my/kp/tables")
        self.assertEqual(len(re.findall(r'href="/my/kp/tables/\d+"', html)), 80)
        self.assertIn("/my/kp/tables/page/2", html)
        html, _queries = self._get("/my/kp/tables/page/2")
        # 90 here, table A and the other fixtures' tables the user sits at
        self.assertIn("Sivupöytä 089", html)
        self.assertNotIn("Pöytä Beta", html)

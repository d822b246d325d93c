from odoo import http

from .common import KpPortalCase


class PortalPages(KpPortalCase):
    """Signed in as the portal participant, reading list pages."""

    sign_in = True

    def _get(self, url):
        """The page, and the queries it took (warmed once)."""
        queries, response = self._page_queries(url)
        return response.text, queries

    def _assert_bounded(self, url, grow, count):
        """The list page ``url`` with 100 and with 1000 records
        (``grow(total)``): 80 a page (``count(html)``) and the pager, in
        the same queries and about the same bytes."""
        sizes, counts = [], []
        for total in (100, 1000):
            grow(total)
            html, queries = self._get(url)
            self.assertEqual(count(html), 80, "80 a page")
            self.assertIn(f"{url}/page/2", html, "the pager")
            sizes.append(len(html))
            counts.append(queries)
        self.assertEqual(counts[0], counts[1], f"queries at 100 and 1000: {counts}")
        self.assertLess(
            abs(sizes[0] - sizes[1]), sizes[0] * 0.02, f"bytes at 100 and 1000: {sizes}"
        )


class PostMixin:
    def _post(self, url, **data):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

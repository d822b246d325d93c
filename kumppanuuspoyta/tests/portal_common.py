from odoo import http

from .common import KpPortalCase


class PortalPages(KpPortalCase):
    """Signed in as the portal participant, reading list pages."""

    sign_in = True

    def _get(self, url):
        """The page, and the queries it took (warmed once)."""
        self.url_open(url)
        before = self.cr.sql_log_count
        response = self.url_open(url)
        queries = self.cr.sql_log_count - before
        self.assertEqual(response.status_code, 200)
        return response.text, queries


class PostMixin:
    def _post(self, url, **data):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

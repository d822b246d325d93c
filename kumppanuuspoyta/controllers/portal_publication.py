import re

from odoo.fields import Domain
from odoo.http import request

from .portal import KpCustomerPortal, kp_public_route

# an access token as kp.publication makes them (uuid4)
TOKEN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# the longest a public page or feed is kept by a browser or a proxy
MAX_AGE = 3600


class KpPublicationPortal(KpCustomerPortal):
    """Public memos for a period (kp.publication), without the website app:
    a memo's page by its token and each municipality's Atom feed. Only the
    snapshot taken at publishing is read; whether a memo is visible is
    decided here at each request (its period), whether or not the job that
    empties expired memos has run."""

    def _kp_headers(self, company, seconds_left):
        headers = [
            (
                "Cache-Control",
                f"public, max-age={max(0, min(MAX_AGE, seconds_left))}"
                if seconds_left > 0
                else "no-store",
            )
        ]
        if not company.kp_publication_indexing:
            headers.append(("X-Robots-Tag", "noindex"))
        return headers

    @kp_public_route(
        "/kp/memo/<string:token>",
        # the portal's frontend (its layout and languages), not the website app
        website=True,
    )
    def kp_public_memo(self, token, **kw):
        """200 while the memo's period runs, 410 Gone after it (with how to
        ask the registry for the document), 404 for a wrong address."""
        publication = request.env["kp.publication"].sudo()
        if TOKEN.match(token or ""):
            publication = publication.search([("access_token", "=", token)], limit=1)
        visibility = publication and publication._kp_visibility()
        if not visibility:
            raise request.not_found()
        company = publication.company_id
        request.update_context(lang=publication.lang or request.env.lang)
        values = {
            "publication": publication,
            "company": company,
            "html_data": {"lang": (request.env.lang or "").replace("_", "-")},
            "title": publication.name,
        }
        if visibility == "gone":
            return request.render(
                "kumppanuuspoyta.kp_publication_gone_page",
                values,
                status=410,
                headers=self._kp_headers(company, 0),
            )
        return request.render(
            "kumppanuuspoyta.kp_publication_page",
            values,
            headers=self._kp_headers(company, publication._kp_seconds_left()),
        )

    @kp_public_route("/kp/memos/<int:company_id>/feed.atom")
    def kp_public_memo_feed(self, company_id, **kw):
        """The municipality's memos visible now, newest first (Atom)."""
        company = request.env["res.company"].sudo().browse(company_id).exists()
        if not company:
            raise request.not_found()
        Publication = request.env["kp.publication"].sudo()
        publications = Publication.search(
            Domain.AND(
                [Publication._kp_visible_domain(), [("company_id", "=", company.id)]]
            ),
            order="published_on desc, id desc",
        )
        feed = Publication._kp_atom_feed(company, publications)
        left = min(
            [publication._kp_seconds_left() for publication in publications]
            or [MAX_AGE]
        )
        return request.make_response(
            feed,
            headers=[
                ("Content-Type", "application/atom+xml; charset=utf-8"),
                *self._kp_headers(company, left),
            ],
        )

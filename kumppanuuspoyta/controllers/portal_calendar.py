from odoo import http
from odoo.http import content_disposition, request

from .portal import KpCustomerPortal, kp_public_route


class KpCalendarPortal(KpCustomerPortal):
    """A person's calendar subscription: the address their calendar
    application reads (public, by its unguessable key), shown on the page of
    their tables with a button that renews it."""

    @kp_public_route("/kp/calendar/<string:token>.ics")
    def kp_calendar_subscription(self, token, **kw):
        """The key's owner's meetings and deadlines; a wrong, renewed or
        archived person's key is not found (never a login page: calendar
        applications cannot sign in)."""
        partner = request.env["res.partner"]._kp_calendar_owner(token)
        if not partner:
            raise request.not_found()
        return request.make_response(
            partner._kp_calendar_ics(),
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", content_disposition("kp.ics", "inline")),
                # a renewed key stops answering at once: nothing keeps a copy
                ("Cache-Control", "no-store"),
                ("X-Robots-Tag", "noindex"),
            ],
        )

    @http.route(
        ["/my/kp/calendar/renew"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kp_calendar_renew(self, **kw):
        """A new subscription address for the signed-in person; the old one
        stops answering."""
        request.env.user.partner_id._kp_renew_calendar_token()
        return request.redirect("/my/kp/tables#kp_calendar")

    @http.route()
    def portal_my_kp_tables(self, page=1, sortby=None, **kw):
        response = super().portal_my_kp_tables(page=page, sortby=sortby, **kw)
        response.qcontext["kp_calendar_url"] = (
            request.env.user.partner_id._kp_calendar_url()
        )
        return response

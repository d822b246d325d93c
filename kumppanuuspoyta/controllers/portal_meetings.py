import re

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.calendar.controllers.main import CalendarController

from ..tools.forms import parse_id
from .portal import KpCustomerPortal

MINUTES_REPORT = "kumppanuuspoyta.kp_report_minutes_version"


class KpMeetingsPortal(KpCustomerPortal):
    """A coming meeting as a calendar file, and approved minutes (for the
    table's participants, or anyone with a shared link)."""

    @http.route(
        ["/my/kp/meetings/<int:meeting_id>/ics"],
        type="http",
        auth="user",
        readonly=True,
    )
    def portal_my_kp_meeting_ics(self, meeting_id, **kw):
        """The meeting as an iCalendar file for the participant's own calendar."""
        meeting = self._kp_search(
            "kp.meeting",
            [
                ("id", "=", meeting_id),
                ("table_id", "any", self._kp_seat_domain()),
                ("state", "!=", "cancelled"),
            ],
        )
        if not meeting:
            raise request.not_found()
        # the file the invitations carry (the same UID and revision), for
        # one's own calendar: published, naming no one but the table
        content = meeting._kp_ics(method="PUBLISH")
        filename = re.sub(r"[^\w\- ]+", "", meeting.name).strip() or "meeting"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8; method=PUBLISH"),
                ("Content-Disposition", content_disposition(f"{filename}.ics")),
            ],
        )

    @http.route(
        ["/my/kp/minutes/<int:minutes_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_my_kp_minutes(
        self, minutes_id, access_token=None, report_type=None, download=False, **kw
    ):
        """Approved minutes: for participants of the table, or by a shared link."""
        try:
            minutes_sudo = self._document_check_access(
                "kp.minutes", minutes_id, access_token=access_token
            )
        except (AccessError, MissingError) as exc:
            if request.env.user._is_public():
                # a participant's link without its token: sign in first
                return request.redirect(
                    f"/web/login?redirect=/my/kp/minutes/{minutes_id}"
                )
            raise request.not_found() from exc
        if minutes_sudo.kp_restricted and not request.env["kp.minutes"].browse(
            minutes_id
        ).has_access("read"):
            # names an anonymised person: managers only, not by a shared link
            raise request.not_found()
        if report_type in ("html", "pdf"):
            return self._show_report(
                model=minutes_sudo,
                report_type=report_type,
                report_ref=MINUTES_REPORT,
                download=download,
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "minutes": minutes_sudo,
                "access_token": access_token,
                "page_name": "kp_minutes",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_minutes", values)


class KpCalendarController(CalendarController):
    """A portal participant who answers an invitation from the portal comes
    back to the table's page (as Odoo sends internal users to the event's
    form) rather than to the anonymous invitation page."""

    @http.route()
    def view_meeting(self, token, id, **kwargs):  # pylint: disable=redefined-builtin
        # Odoo's int(id) fails on "²" or "١" and a huge number overflows
        # the query: a 500 for a tampered link, a 404 here
        event_id = parse_id(id)
        if event_id is None:
            raise request.not_found()
        user = request.env.user
        if not user._is_public() and not user._is_internal():
            meeting = (
                request.env["calendar.attendee"]
                .sudo()
                .search([("access_token", "=", token), ("event_id", "=", event_id)])
                .filtered(lambda a: a.partner_id == user.partner_id)
                .event_id.kp_meeting_ids[:1]
            )
            table = request.env["kp.table"].browse(meeting.table_id.id)
            if meeting and table.has_access("read"):
                return request.redirect(
                    f"/my/kp/tables/{table.id}#kp_meeting_{meeting.id}"
                )
        return super().view_meeting(token, str(event_id), **kwargs)

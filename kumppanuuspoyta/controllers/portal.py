from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.kp_meeting import OPEN_STATES


def kp_public_route(route, **kw):
    """The one policy of an address anyone may read without signing in (a
    calendar subscription, a public memo, a municipality's feed): GET or
    HEAD only, served read-only, left out of the sitemap, and without a
    session cookie: what a shared cache or a calendar application keeps
    never carries one reader's session to the next."""
    return http.route(
        [route],
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        readonly=True,
        sitemap=False,
        save_session=False,
        **kw,
    )


class KpCustomerPortal(CustomerPortal):
    """Partnership tables on /my: the home page's tiles, the tables and a
    table's page, and what the other portal controllers share (the user's
    domains, searches and pages). Meetings and minutes are in
    portal_meetings.py, proposals in portal_proposals.py, commitments in
    portal_commitments.py and turns in portal_turns.py.

    Everything is read through the portal user's own rights (the portal
    record rules); sudo is used only to render what those rights allowed.
    """

    def _kp_seat_domain(self):
        """Tables the current user sits at (kp.table's member relation, as
        the record rules)."""
        return [("member_user_ids", "in", request.env.uid)]

    def _kp_commitment_domain(self):
        """The user's own and their organisation's commitments at their tables."""
        return [
            ("table_id", "any", self._kp_seat_domain()),
            ("is_own", "=", True),
        ]

    def _kp_proposal_domain(self):
        """The user's own proposals for the agendas of their tables, and the
        matters they are the contact of (a villager's concern brought to a
        regional table): their matters, with the answers."""
        partner = request.env.user.partner_id
        return [
            "|",
            "&",
            ("table_id", "any", self._kp_seat_domain()),
            ("proposer_id.partner_id", "=", partner.id),
            ("contact_partner_id", "=", partner.id),
        ]

    def _kp_search(self, model, domain, order=None, count=False):
        """The user's records of the model matching the domain (or their
        number); none for a user without access to the model (e.g. an
        internal user outside the tables' groups), rather than an error."""
        Model = request.env[model]
        if not Model.has_access("read"):
            return 0 if count else Model
        if count:
            return Model.search_count(domain)
        return Model.search(domain, order=order)

    def _kp_page(self, model, domain, url, sortings, page=1, sortby=None):
        """One page (Odoo's portal pager, 80 a page) of the user's records,
        sorted by one of ``sortings`` ({key: (label, order)}), and the
        values the portal layout shows the pager and the sort menu with."""
        if sortby not in sortings:
            sortby = next(iter(sortings))
        pager = portal_pager(
            url=url,
            total=self._kp_search(model, domain, count=True),
            page=page,
            step=self._items_per_page,
            url_args={"sortby": sortby},
        )
        Model = request.env[model]
        records = (
            Model.search(
                domain,
                order=sortings[sortby][1],
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if Model.has_access("read")
            else Model
        )
        return records, {
            "pager": pager,
            "sortby": sortby,
            "searchbar_sortings": {
                key: {"label": label, "order": order}
                for key, (label, order) in sortings.items()
            },
            "default_url": url,
        }

    def _kp_save(self, save):
        """Runs ``save()``, a write through the portal with the user's own
        rights, so that a refused write leaves nothing behind. Returns the
        refusal for the page to show (a UserError: an AccessError, a
        ValidationError or a PortalFieldError naming the form's field), or
        None when it was saved."""
        try:
            with request.env.cr.savepoint():
                save()
        except UserError as refusal:
            return refusal
        return None

    def _kp_my_table(self, table_id):
        """The table if the user sits at it, else an empty recordset."""
        return self._kp_search(
            "kp.table", [("id", "=", table_id), *self._kp_seat_domain()]
        )

    @http.route()
    def home(self, **kw):
        """The tiles of tables and commitments show their numbers: Odoo 19
        fetches counts only to hide empty tiles and never shows them."""
        response = super().home(**kw)
        response.qcontext.update(
            self._prepare_home_portal_values(
                ["kp_table_count", "kp_commitment_count", "kp_proposal_count"]
            )
        )
        return response

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kp_table_count" in counters:
            values["kp_table_count"] = self._kp_search(
                "kp.table", self._kp_seat_domain(), count=True
            )
        if "kp_commitment_count" in counters:
            values["kp_commitment_count"] = self._kp_search(
                "kp.commitment", self._kp_commitment_domain(), count=True
            )
        if "kp_proposal_count" in counters:
            values["kp_proposal_count"] = self._kp_search(
                "kp.agenda.item", self._kp_proposal_domain(), count=True
            )
        return values

    # --- tables ------------------------------------------------------

    @http.route(
        ["/my/kp/tables", "/my/kp/tables/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_tables(self, page=1, sortby=None, **kw):
        env = request.env
        tables, paging = self._kp_page(
            "kp.table",
            self._kp_seat_domain(),
            "/my/kp/tables",
            {
                "name": (env._("Name"), "name asc, id asc"),
                "newest": (env._("Newest"), "create_date desc, id desc"),
            },
            page=page,
            sortby=sortby,
        )
        values = self._prepare_portal_layout_values()
        values.update({"tables": tables, "page_name": "kp_tables", **paging})
        return request.render("kumppanuuspoyta.portal_my_kp_tables", values)

    @http.route(
        ["/my/kp/tables/<int:table_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_table(self, table_id, proposed=None, **kw):
        table = self._kp_my_table(table_id)
        if not table:
            raise request.not_found()
        values = self._kp_table_values(table)
        values["proposed"] = bool(proposed)
        return request.render("kumppanuuspoyta.portal_my_kp_table", values)

    @http.route(
        ["/my/kp/themes/<int:theme_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_theme(self, theme_id, **kw):
        """A theme of a table the user sits at, and its timeline (the
        agreements of approved minutes, the commitments done and the
        decisions: what the table's minutes tell its participants too)."""
        theme = self._kp_search(
            "kp.theme",
            [("id", "=", theme_id), ("table_id", "any", self._kp_seat_domain())],
        )
        if not theme:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "theme": theme,
                "table": theme.table_id,
                # rendered with what the user's rights allowed: the theme
                "timeline": theme.sudo()._kp_timeline_html(),
                "page_name": "kp_theme",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_theme", values)

    def _kp_coming_meetings(self, table):
        return request.env["kp.meeting"].search(
            [
                ("table_id", "=", table.id),
                ("start", ">=", fields.Datetime.now()),
                ("state", "!=", "cancelled"),
            ],
            order="start asc, id asc",
        )

    def _kp_open_themes(self, table):
        """The themes a proposal for the table may be about."""
        return table.theme_ids.filtered(lambda t: t.state == "open")

    def _kp_open_meetings(self, meetings):
        """The meetings that still take agenda proposals."""
        return meetings.filtered(lambda m: m.state in OPEN_STATES)

    def _kp_table_values(self, table, error=None, form=None):
        """The table page: coming meetings and their agenda, approved minutes,
        the user's proposals and the proposal form (``error``: why the
        proposal in ``form`` was refused; its message is shown next to the
        field it is about, or above the form)."""
        env = request.env
        meetings = self._kp_coming_meetings(table)
        partner = env.user.partner_id
        # the coming meetings' agendas and the user's own proposals still
        # waiting for the convener, not every item the table ever had (all
        # of the user's proposals are on /my/kp/proposals, with a pager)
        items = env["kp.agenda.item"].search(
            [
                ("table_id", "=", table.id),
                "|",
                ("meeting_id", "in", meetings.ids),
                "&",
                ("proposer_id.partner_id", "=", partner.id),
                ("state", "=", "proposed"),
            ],
            order="sequence, id",
        )
        agenda = items.filtered(
            lambda i: i.state == "accepted" and i.meeting_id in meetings
        )
        # the current version of each meeting's approved minutes
        minutes = env["kp.minutes"].search(
            [("table_id", "=", table.id)], order="meeting_id, version desc"
        )
        current = minutes.filtered("is_current").sorted(
            lambda m: m.meeting_id.start, reverse=True
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "table": table,
                # the place lives on the calendar event, shown to participants
                "meetings": meetings.sudo(),
                "agenda_by_meeting": {
                    meeting.id: agenda.filtered(lambda a, m=meeting: a.meeting_id == m)
                    for meeting in meetings
                },
                "open_meetings": self._kp_open_meetings(meetings).sudo(),
                # the table's themes and the open ones a proposal may carry
                "themes": table.theme_ids,
                "open_themes": self._kp_open_themes(table),
                # the user's invitation to each meeting, answered through
                # Odoo's own RSVP links (/calendar/meeting/accept|decline)
                "attendee_by_meeting": {
                    meeting.id: meeting.sudo().event_id.attendee_ids.filtered(
                        lambda a: a.partner_id == partner
                    )[:1]
                    for meeting in meetings
                },
                "my_proposals": items.filtered(
                    lambda i: (
                        i.proposer_id.partner_id == partner and i.state == "proposed"
                    )
                ),
                "minutes_list": current,
                "error": error and error.args[0],
                "error_field": getattr(error, "field", None),
                "form": form or {},
                "page_name": "kp_table",
            }
        )
        return values

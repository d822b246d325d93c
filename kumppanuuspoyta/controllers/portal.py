import re

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.calendar.controllers.main import CalendarController
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.kp_meeting import OPEN_STATES
from ..tools.dates import datetime_format
from ..tools.forms import MAX_TEXT_LENGTH, check_portal_text, parse_id
from ..tools.text import MAX_TITLE_LENGTH

MINUTES_REPORT = "kumppanuuspoyta.kp_report_minutes_version"


class KpCustomerPortal(CustomerPortal):
    """Partnership tables, meetings, minutes and commitments on /my.

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
        """The user's own proposals for the agendas of their tables."""
        return [
            ("table_id", "any", self._kp_seat_domain()),
            ("proposer_id.partner_id", "=", request.env.user.partner_id.id),
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

    def _kp_my_table(self, table_id):
        """The table if the user sits at it, else an empty recordset."""
        return self._kp_search(
            "kp.table", [("id", "=", table_id), *self._kp_seat_domain()]
        )

    def _kp_my_commitment(self, commitment_id):
        return self._kp_search(
            "kp.commitment", [("id", "=", commitment_id), *self._kp_commitment_domain()]
        )

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        # dates and times as the reader's language writes them
        values["kp_datetime_format"] = datetime_format(request.env.lang)
        return values

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
        the user's proposals and the proposal form."""
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
                "error": error,
                "form": form or {},
                "page_name": "kp_table",
            }
        )
        return values

    @http.route(
        ["/my/kp/tables/<int:table_id>/propose"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kp_propose(self, table_id, **post):
        """A participant's proposal for the agenda, created with their own rights."""
        table = self._kp_my_table(table_id)
        if not table:
            raise request.not_found()
        env = request.env
        form = {
            key: (post.get(key) or "").strip()
            for key in ("name", "description", "duration", "meeting_id", "theme_id")
        }
        try:
            vals = self._kp_proposal_values(table, form)
            # a refused proposal leaves nothing behind
            with env.cr.savepoint():
                env["kp.agenda.item"].create(vals)
        except (UserError, ValidationError, AccessError) as exc:
            values = self._kp_table_values(table, error=exc.args[0], form=form)
            return request.render("kumppanuuspoyta.portal_my_kp_table", values)
        return request.redirect(f"/my/kp/tables/{table.id}?proposed=1#kp_propose")

    def _kp_proposal_values(self, table, form):
        env = request.env
        if not form["name"]:
            raise UserError(env._("Give your proposal a title."))
        # before the model's own checks: the reader is told which field
        Item = env["kp.agenda.item"]
        for field_name, max_length in (
            ("name", MAX_TITLE_LENGTH),
            ("description", MAX_TEXT_LENGTH),
        ):
            check_portal_text(
                env,
                Item._fields[field_name]._description_string(env),
                form[field_name],
                max_length=max_length,
            )
        name, description = form["name"], form["description"]
        # the model refuses an estimate above its maximum in its own words
        duration = parse_id(form["duration"] or "10")
        if duration is None:
            raise UserError(
                env._("The time estimate is a whole number of minutes, e.g. 15.")
            )
        meeting = env["kp.meeting"]
        if form["meeting_id"]:
            open_ids = self._kp_open_meetings(self._kp_coming_meetings(table)).ids
            meeting_id = parse_id(form["meeting_id"])
            if meeting_id not in open_ids:
                raise UserError(
                    env._("Choose one of the table's coming meetings, or none.")
                )
            meeting = meeting.browse(meeting_id)
        theme = env["kp.theme"]
        if form.get("theme_id"):
            theme_id = parse_id(form["theme_id"])
            if theme_id not in self._kp_open_themes(table).ids:
                raise UserError(
                    env._("Choose one of the table's open themes, or none.")
                )
            theme = theme.browse(theme_id)
        return {
            "table_id": table.id,
            "meeting_id": meeting.id,
            "theme_id": theme.id,
            "state": "proposed",
            "name": name,
            "description": description or False,
            "duration": duration,
            "source": "organisation",
        }

    # --- meetings and minutes ----------------------------------------

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

    # --- proposals ---------------------------------------------------

    @http.route(
        ["/my/kp/proposals", "/my/kp/proposals/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_proposals(self, page=1, sortby=None, **kw):
        """The user's proposals at every table and what became of each:
        waiting, on a meeting's agenda or declined with the reason."""
        env = request.env
        proposals, paging = self._kp_page(
            "kp.agenda.item",
            self._kp_proposal_domain(),
            "/my/kp/proposals",
            {
                "newest": (env._("Newest"), "create_date desc, id desc"),
                "table": (env._("Table"), "table_id, create_date desc, id desc"),
                "state": (env._("Status"), "state, create_date desc, id desc"),
                "name": (env._("Name"), "name asc, id asc"),
            },
            page=page,
            sortby=sortby,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                **paging,
                # the meeting's date and place live on its calendar event
                "proposals": proposals.sudo(),
                "page_name": "kp_proposals",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_proposals", values)

    # --- commitments -------------------------------------------------

    @http.route(
        ["/my/kp/commitments", "/my/kp/commitments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_commitments(self, page=1, sortby=None, **kw):
        env = request.env
        commitments, paging = self._kp_page(
            "kp.commitment",
            self._kp_commitment_domain(),
            "/my/kp/commitments",
            {
                "deadline": (env._("Deadline"), "deadline asc, id desc"),
                "newest": (env._("Newest"), "create_date desc, id desc"),
                "name": (env._("Name"), "name asc, id asc"),
                "stage": (env._("Stage"), "stage_id asc, deadline asc, id desc"),
            },
            page=page,
            sortby=sortby,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                **paging,
                # portal users read only their own organisation's contact;
                # the other organisations at the table are shown by name
                "commitments": commitments.sudo(),
                "stages": request.env["kp.commitment.stage"].search([]),
                "page_name": "kp_commitments",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_commitments", values)

    @http.route(
        ["/my/kp/commitments/summary"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_commitments_summary(self, **kw):
        """The organisation's commitments at every table, grouped by table
        with their overdue markers: a page to print."""
        commitments = self._kp_search(
            "kp.commitment",
            self._kp_commitment_domain(),
            order="table_id, deadline asc, id desc",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "groups": commitments.sudo().grouped("table_id").items(),
                "organisation": request.env.user.partner_id.commercial_partner_id,
                "today": fields.Date.context_today(commitments),
                "page_name": "kp_commitments",
            }
        )
        return request.render(
            "kumppanuuspoyta.portal_my_kp_commitments_summary", values
        )

    @http.route(
        ["/my/kp/commitments/<int:commitment_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_commitment(self, commitment_id, saved=None, **kw):
        """One commitment: its stage and the comments on it (portal chatter)."""
        commitment = self._kp_my_commitment(commitment_id)
        if not commitment:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(
            commitment, None, values, "my_kp_commitments_history", False, **kw
        )
        values.update(
            {
                "commitment": commitment.sudo(),
                "stages": request.env["kp.commitment.stage"].search([]),
                "saved": bool(saved),
                "page_name": "kp_commitment",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_commitment", values)

    @http.route(
        ["/my/kp/commitments/<int:commitment_id>/stage"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kp_commitment_stage(self, commitment_id, stage_id=None, **kw):
        commitment = self._kp_my_commitment(commitment_id)
        stage = request.env["kp.commitment.stage"].browse(parse_id(stage_id) or 0)
        if not commitment or not stage.sudo().exists():
            raise request.not_found()
        try:
            commitment.write({"stage_id": stage.id})
        except AccessError as exc:
            raise request.not_found() from exc
        return request.redirect(f"/my/kp/commitments/{commitment.id}?saved=1")


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

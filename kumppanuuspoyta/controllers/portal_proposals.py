from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..tools.forms import (
    MAX_TEXT_LENGTH,
    PortalFieldError,
    check_portal_text,
    parse_id,
)
from ..tools.text import MAX_TITLE_LENGTH
from .portal import KpCustomerPortal


class KpProposalsPortal(KpCustomerPortal):
    """A participant proposes an agenda item from the table's page, and
    follows their proposals at every table on /my/kp/proposals."""

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
        refusal = self._kp_save(
            lambda: env["kp.agenda.item"].create(self._kp_proposal_values(table, form))
        )
        if refusal:
            # the page opens at the form (its action's #kp_propose)
            values = self._kp_table_values(table, error=refusal, form=form)
            return request.render("kumppanuuspoyta.portal_my_kp_table", values)
        return request.redirect(f"/my/kp/tables/{table.id}?proposed=1#kp_propose")

    def _kp_proposal_values(self, table, form):
        """The proposal's values from the form, or a PortalFieldError naming
        the field that is wrong (the model's own checks follow)."""
        env = request.env
        if not form["name"]:
            raise PortalFieldError("name", env._("Give your proposal a title."))
        # before the model's own checks: the reader is told which field
        Item = env["kp.agenda.item"]
        for field_name, max_length in (
            ("name", MAX_TITLE_LENGTH),
            ("description", MAX_TEXT_LENGTH),
        ):
            try:
                check_portal_text(
                    env,
                    Item._fields[field_name]._description_string(env),
                    form[field_name],
                    max_length=max_length,
                )
            except UserError as exc:
                raise PortalFieldError(field_name, exc.args[0]) from exc
        name, description = form["name"], form["description"]
        # the model refuses an estimate above its maximum in its own words
        duration = parse_id(form["duration"] or "10")
        if duration is None:
            raise PortalFieldError(
                "duration",
                env._("The time estimate is a whole number of minutes, e.g. 15."),
            )
        meeting = env["kp.meeting"]
        if form["meeting_id"]:
            open_ids = self._kp_open_meetings(self._kp_coming_meetings(table)).ids
            meeting_id = parse_id(form["meeting_id"])
            if meeting_id not in open_ids:
                raise PortalFieldError(
                    "meeting_id",
                    env._("Choose one of the table's coming meetings, or none."),
                )
            meeting = meeting.browse(meeting_id)
        theme = env["kp.theme"]
        if form.get("theme_id"):
            theme_id = parse_id(form["theme_id"])
            if theme_id not in self._kp_open_themes(table).ids:
                raise PortalFieldError(
                    "theme_id", env._("Choose one of the table's open themes, or none.")
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
                "seated_tables": env["kp.table"].search(
                    [("id", "in", proposals.table_id.ids), *self._kp_seat_domain()]
                ),
                "page_name": "kp_proposals",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_proposals", values)

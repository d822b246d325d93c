from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

PORTAL_TZ = "Europe/Helsinki"


class KpCustomerPortal(CustomerPortal):
    """Partnership tables and commitments for external participants on /my."""

    def _kp_seat_domain(self):
        """Tables the current user's partner sits at (has not left)."""
        partner = request.env.user.partner_id
        return [
            (
                "participant_ids",
                "any",
                [
                    ("partner_id", "=", partner.id),
                    ("state", "!=", "left"),
                    ("active", "=", True),
                ],
            )
        ]

    def _kp_commitment_domain(self):
        """The user's own and their organisation's commitments at their tables."""
        partner = request.env.user.partner_id
        return [
            ("table_id", "any", self._kp_seat_domain()),
            "|",
            ("responsible_partner_id", "=", partner.id),
            ("organisation_id", "=", partner.commercial_partner_id.id),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Table = request.env["kp.table"]
        Commitment = request.env["kp.commitment"]
        if "kp_table_count" in counters:
            values["kp_table_count"] = (
                Table.search_count(self._kp_seat_domain())
                if Table.has_access("read")
                else 0
            )
        if "kp_commitment_count" in counters:
            values["kp_commitment_count"] = (
                Commitment.search_count(self._kp_commitment_domain())
                if Commitment.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/kp/tables"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_kp_tables(self, **kw):
        tables = request.env["kp.table"].search(self._kp_seat_domain(), order="name")
        values = self._prepare_portal_layout_values()
        values.update({"tables": tables, "page_name": "kp_tables"})
        return request.render("kumppanuuspoyta.portal_my_kp_tables", values)

    @http.route(
        ["/my/kp/tables/<int:table_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kp_table(self, table_id, **kw):
        try:
            self._document_check_access("kp.table", table_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # read through the user's rights: only their own tables' meetings and
        # the accepted agenda items are visible to them
        table = request.env["kp.table"].browse(table_id)
        if not table.filtered_domain(self._kp_seat_domain()):
            return request.redirect("/my")
        meetings = request.env["kp.meeting"].search(
            [
                ("table_id", "=", table.id),
                ("start", ">=", fields.Datetime.now()),
                ("state", "!=", "cancelled"),
            ],
            order="start asc, id asc",
        )
        agenda = request.env["kp.agenda.item"].search(
            [("meeting_id", "in", meetings.ids), ("state", "=", "accepted")],
            order="sequence, id",
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
                "kp_tz": PORTAL_TZ,
                "page_name": "kp_table",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_table", values)

    @http.route(
        ["/my/kp/commitments"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_kp_commitments(self, **kw):
        commitments = request.env["kp.commitment"].search(
            self._kp_commitment_domain(), order="deadline asc, id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "commitments": commitments,
                "stages": request.env["kp.commitment.stage"].search([]),
                "page_name": "kp_commitments",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_commitments", values)

    @http.route(
        ["/my/kp/commitments/<int:commitment_id>/stage"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kp_commitment_stage(self, commitment_id, stage_id=None, **kw):
        commitment = request.env["kp.commitment"].search(
            [("id", "=", commitment_id), *self._kp_commitment_domain()]
        )
        stage = request.env["kp.commitment.stage"].browse(
            int(stage_id) if stage_id and str(stage_id).isdigit() else 0
        )
        if not commitment or not stage.exists():
            raise request.not_found()
        try:
            commitment.write({"stage_id": stage.id})
        except AccessError as exc:
            raise request.not_found() from exc
        return request.redirect("/my/kp/commitments")

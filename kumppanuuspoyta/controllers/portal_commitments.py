from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from ..tools.forms import parse_id
from .portal import KpCustomerPortal


class KpCommitmentsPortal(KpCustomerPortal):
    """The user's own and their organisation's commitments: the list, a
    summary to print, one commitment with its comments, and its stage."""

    def _kp_my_commitment(self, commitment_id):
        return self._kp_search(
            "kp.commitment", [("id", "=", commitment_id), *self._kp_commitment_domain()]
        )

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

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..tools.forms import check_portal_text, parse_id
from .portal import KpCustomerPortal


class KpTurnsPortal(KpCustomerPortal):
    """The organisation's coming turns of joint activities on /my: confirm a
    turn or ask the table to swap it with another organisation's turn.
    Writes run with the portal user's own rights (the occurrences' portal
    rule and their gate, kp.gate.mixin), which also decides what each card
    offers."""

    def _kp_turn_domain(self):
        return [
            ("table_id", "any", self._kp_seat_domain()),
            ("is_own", "=", True),
            ("state", "=", "planned"),
            ("start", ">=", fields.Datetime.now()),
        ]

    def _kp_my_turn(self, occurrence_id):
        return self._kp_search(
            "kp.activity.occurrence",
            [("id", "=", occurrence_id), *self._kp_turn_domain()],
        )

    @http.route(["/my/kp/turns"], type="http", auth="user", website=True, readonly=True)
    def portal_my_kp_turns(self, saved=None, **kw):
        turns = self._kp_search(
            "kp.activity.occurrence", self._kp_turn_domain(), order="start, id"
        )
        # each card offers what the gate lets the user do; a swap is with
        # another organisation's coming turn (its name and date shown)
        others = {
            turn.id: [
                (organisation, turn._swap_counterpart(organisation).sudo())
                for organisation in turn._swap_turns().sudo().organisation_id
            ]
            for turn in turns.filtered("can_request_swap")
        }
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "turns": turns.sudo(),
                "confirmable": set(turns.filtered("can_confirm").ids),
                "others": others,
                "saved": bool(saved),
                "page_name": "kp_turns",
            }
        )
        return request.render("kumppanuuspoyta.portal_my_kp_turns", values)

    @http.route(
        ["/my/kp/turns/<int:occurrence_id>/confirm"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kp_turn_confirm(self, occurrence_id, **kw):
        turn = self._kp_my_turn(occurrence_id)
        if not turn:
            raise request.not_found()
        try:
            turn.action_confirm_turn()
        except AccessError as exc:
            raise request.not_found() from exc
        return request.redirect("/my/kp/turns?saved=1")

    @http.route(
        ["/my/kp/turns/<int:occurrence_id>/swap"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kp_turn_swap(
        self, occurrence_id, organisation_id=None, reason=None, **kw
    ):
        turn = self._kp_my_turn(occurrence_id)
        if not turn:
            raise request.not_found()
        organisation = parse_id(organisation_id)
        reason = reason if isinstance(reason, str) else ""

        def save():
            if not organisation:
                raise UserError(
                    request.env._("Choose the organisation to swap the turn with.")
                )
            check_portal_text(
                request.env, request.env._("Reason for the Swap"), reason, 200
            )
            turn.write(
                {
                    "swap_organisation_id": organisation,
                    "swap_reason": reason.strip() or False,
                }
            )

        refusal = self._kp_save(save)
        if isinstance(refusal, AccessError):
            raise request.not_found() from refusal
        if refusal:
            values = self._prepare_portal_layout_values()
            values.update({"error": refusal.args[0], "page_name": "kp_turns"})
            return request.render("kumppanuuspoyta.portal_my_kp_turns_error", values)
        return request.redirect("/my/kp/turns?saved=1")

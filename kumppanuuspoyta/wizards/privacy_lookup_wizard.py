from odoo import models
from odoo.fields import Domain
from odoo.tools import SQL


class PrivacyLookupWizard(models.TransientModel):
    """Odoo's privacy lookup finds the approved minutes that name the person
    (their text is a copy, not a link Odoo's query follows). A version
    restricted after anonymising (kp.minutes.kp_restricted) is read by
    managers only and is not listed."""

    _inherit = "privacy.lookup.wizard"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_query(self):
        query = super()._get_query()
        minutes = self._kp_minutes_naming()
        if not minutes:
            return query
        return SQL(
            "%s UNION ALL SELECT %s AS res_model_id, id AS res_id, "
            "True AS is_active FROM kp_minutes WHERE id IN %s",
            query,
            self.env["ir.model"]._get_id("kp.minutes"),
            tuple(minutes.ids),
        )

    def _kp_minutes_naming(self):
        """The approved minutes, not restricted, whose text names the person
        by the name or the address looked up (as kp.anonymiser finds those
        it restricts)."""
        texts = [text.strip() for text in (self.name, self.email) if text]
        named = Domain.OR(Domain("body", "ilike", text) for text in texts if text)
        return (
            self.env["kp.minutes"]
            .sudo()
            .search(Domain("kp_restricted", "=", False) & named)
        )

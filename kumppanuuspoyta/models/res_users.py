from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _deactivate_portal_user(self, **post):
        """A portal user who deletes their own account (/my/deactivate_account)
        is anonymised first: Odoo then archives the user and queues its
        deletion, and the contact the tables keep no longer names them."""
        if not self.env.context.get("kp_anonymising"):
            people = self.partner_id.filtered(
                lambda partner: (
                    not partner.kp_anonymised_on
                    and not partner.is_company
                    and partner.with_context(active_test=False).kp_participant_ids
                )
            )
            # sudo: the portal controller runs this as the user themselves,
            # who may not manage the tables' records
            people.sudo()._kp_anonymise(revoke_portal=False)
        return super()._deactivate_portal_user(**post)

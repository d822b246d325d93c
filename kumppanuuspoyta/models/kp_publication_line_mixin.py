from odoo import fields, models
from odoo.exceptions import UserError


class KpPublicationLineMixin(models.AbstractModel):
    """What a line of a public memo (an item, a name found) has: its memo
    and, from it, its table and municipality, stored for the record rules;
    and the one rule of its changes: a line changes only while its memo is a
    preview."""

    _name = "kp.publication.line.mixin"
    _description = "Public Memo Line"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    publication_id = fields.Many2one(
        "kp.publication",
        string="Public Memo",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="publication_id.company_id", store=True, index=True
    )
    table_id = fields.Many2one(related="publication_id.table_id", store=True)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_check_draft(self):
        """Refuse a change of a line of a published (or ended, withdrawn)
        memo."""
        if any(line.publication_id.state != "draft" for line in self):
            raise UserError(
                self.env._("A published memo no longer changes: withdraw it first.")
            )

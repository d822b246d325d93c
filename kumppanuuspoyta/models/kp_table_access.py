from odoo import api, fields, models
from odoo.fields import Domain


class KpTable(models.Model):
    """Which tables the user may add records to: what the Table field of a
    new participant, theme, meeting, commitment, joint activity or
    contribution offers."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    is_managed = fields.Boolean(
        string="Managed by Me",
        compute="_compute_is_managed",
        search="_search_is_managed",
        help="The tables whose records you may add and change: those you "
        "coordinate, and every table of your municipality for a manager.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_is_managed(self):
        managed = self._filtered_access("write")
        for table in self:
            table.is_managed = table in managed

    def _search_is_managed(self, operator, value):
        # the record rules that let the user change a table, so that the
        # choice and the permission cannot disagree
        if operator != "in":
            return NotImplemented
        if not self.has_access("write"):
            return Domain.FALSE
        return self.env["ir.rule"]._compute_domain(self._name, "write")

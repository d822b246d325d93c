from odoo import api, fields, models

from ..tools.text import check_agenda_entries


class KpStandingItem(models.Model):
    """An item every new meeting of the table gets on its agenda."""

    _name = "kp.standing.item"
    _description = "Standing Agenda Item"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True)
    duration = fields.Integer(string="Time Estimate (min)", default=5)
    table_id = fields.Many2one(
        "kp.table", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="table_id.company_id", store=True, index=True)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name", "duration")
    def _check_entry(self):
        # every new meeting's agenda gets the item: the same limits apply
        check_agenda_entries(self)

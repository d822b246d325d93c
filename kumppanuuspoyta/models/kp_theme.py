from odoo import api, fields, models

from ..tools.text import check_titles


class KpTheme(models.Model):
    """A theme a table works on until it has results.

    A thematic table has one theme by nature; a regional table may have several.
    """

    _name = "kp.theme"
    _description = "Theme"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=False)
    sequence = fields.Integer(default=10)
    table_id = fields.Many2one(
        "kp.table", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="table_id.company_id", store=True, index=True)
    description = fields.Text()
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

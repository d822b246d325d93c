from odoo import fields, models


class KpProject(models.Model):
    """A development project (hanke) that supports tables, and its funder."""

    _name = "kp.project"
    _description = "Supporting Project"
    _order = "name, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True)
    funder = fields.Char(help="Who funds the project, e.g. RAY or Leader.")
    description = fields.Text()
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    table_ids = fields.One2many("kp.table", "project_id", string="Tables")
    active = fields.Boolean(default=True)

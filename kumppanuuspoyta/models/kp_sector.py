from odoo import fields, models


class KpSector(models.Model):
    """A sector of the local community (municipality, association, parish, ...).

    Organisations (contacts) belong to a sector; a table's sector map shows
    which sectors sit at it.
    """

    _name = "kp.sector"
    _description = "Sector"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

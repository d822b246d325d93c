from odoo import fields, models


class KpContentType(models.Model):
    """What partners do together at a table (discussion, planning, ...)."""

    _name = "kp.content.type"
    _description = "Partnership Content Type"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

from odoo import fields, models


class KpRole(models.Model):
    """A role a participant has at a table (convener, chair, village ombudsman, ...)."""

    _name = "kp.role"
    _description = "Participant Role"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    coordinates = fields.Boolean(
        string="Coordinates the Table",
        help="Participants with this role manage the table: its participants, "
        "meetings and agenda (convener, chair, secretary).",
    )
    active = fields.Boolean(default=True)

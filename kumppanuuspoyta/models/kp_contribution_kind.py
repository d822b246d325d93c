from odoo import fields, models


class KpContributionKind(models.Model):
    """A kind of contribution: volunteer hours, money, premises, materials."""

    _name = "kp.contribution.kind"
    _description = "Contribution Kind"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    measure = fields.Selection(
        [
            ("hours", "Hours"),
            ("money", "Money"),
            ("premises", "Premises"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="Money is recorded in the municipality's currency; hours are "
        "summed per organisation.",
    )
    unit = fields.Char(
        translate=True,
        help="The unit of the amounts of this kind, e.g. h, times, pcs; "
        "money is in the municipality's currency.",
    )
    active = fields.Boolean(default=True)

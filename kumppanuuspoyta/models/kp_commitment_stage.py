from odoo import fields, models


class KpCommitmentStage(models.Model):
    """A stage of a commitment (To do, In progress, Done, Cancelled)."""

    _name = "kp.commitment.stage"
    _description = "Commitment Stage"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    closing = fields.Selection(
        [("done", "Done"), ("cancelled", "Cancelled")],
        help="Commitments in a closing stage are no longer followed up.",
    )
    active = fields.Boolean(default=True)

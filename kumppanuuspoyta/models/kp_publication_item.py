from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the common grounds of Julkisuuslaki (621/1999) 24 § 1 mom. for keeping an
# agenda item out of a public memo: (its point, what it protects)
BASES = [
    ("24_1_7", "Section 24(1)(7): security arrangements"),
    ("24_1_20", "Section 24(1)(20): trade or business secret"),
    ("24_1_25", "Section 24(1)(25): social welfare and health of a person"),
    ("24_1_30", "Section 24(1)(30): pupil and student welfare"),
    ("24_1_32", "Section 24(1)(32): private life of a person"),
]


class KpPublicationItem(models.Model):
    """An agenda item of a public memo: its heading and free text as the
    public page shows them (edited in the preview), or, when it is not
    public, only its heading and the basis in the Act on the Openness of
    Government Activities (julkisuuslaki 621/1999, 24 §)."""

    _name = "kp.publication.item"
    _inherit = ["kp.publication.line.mixin"]
    _description = "Public Memo Item"
    _order = "publication_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    sequence = fields.Integer(default=10)
    agenda_item_id = fields.Many2one("kp.agenda.item", readonly=True)
    heading = fields.Char(required=True)
    text = fields.Text(string="Public Text")
    non_public = fields.Boolean(
        string="Not Public",
        help="Only the heading and the basis are shown on the public page.",
    )
    basis = fields.Selection(
        BASES,
        string="Basis for Secrecy",
        help="The point of section 24 of the Act on the Openness of Government "
        "Activities (621/1999) that keeps the item out of the public memo.",
    )
    hit_count = fields.Integer(compute="_compute_hit_count", string="Names Found")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_hit_count(self):
        for item in self:
            item.hit_count = len(
                item.publication_id._kp_open_hits().filtered(
                    lambda hit, item=item: hit.item_id == item
                )
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("non_public", "basis")
    def _check_basis(self):
        for item in self:
            if item.non_public and not item.basis:
                raise ValidationError(item._kp_basis_message())

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if not self.env.su:
            self._kp_check_draft()
        result = super().write(vals)
        if {"heading", "text"} & set(vals):
            # the edited text is scanned again
            self.publication_id._kp_scan()
        return result

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_basis_message(self):
        self.ensure_one()
        return self.env._(
            "The item %(heading)s is not public: choose its basis in section 24 "
            "of the Act on the Openness of Government Activities.",
            heading=self.heading,
        )

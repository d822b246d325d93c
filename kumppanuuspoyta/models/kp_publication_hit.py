from odoo import fields, models


class KpPublicationHit(models.Model):
    """A name of someone linked to the table found in the free text of a
    public memo's preview: it blocks publishing until the text is edited or
    the hit is marked not a person (a place, a street, an organisation)."""

    _name = "kp.publication.hit"
    _inherit = ["kp.publication.line.mixin"]
    _description = "Name Found in a Public Memo"
    _order = "publication_id, item_id, name"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    item_id = fields.Many2one("kp.publication.item", ondelete="cascade", readonly=True)
    name = fields.Char(string="Name Found", required=True, readonly=True)
    not_a_person = fields.Boolean(string="Not a Person", readonly=True)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_not_a_person(self):
        self._kp_check_draft()
        self.write({"not_a_person": True})

    def action_a_person(self):
        self._kp_check_draft()
        self.write({"not_a_person": False})

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_check_draft(self):
        self.publication_id.check_access("write")
        return super()._kp_check_draft()

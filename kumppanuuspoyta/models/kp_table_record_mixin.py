from odoo import fields, models
from odoo.exceptions import ValidationError


class KpTableRecordMixin(models.AbstractModel):
    """What every record held at a table has: its table and, from it, its
    municipality (company), stored for the record rules and the
    multi-company checks.

    A model adds to the table's field what is its own (a compute that takes
    the table from a meeting, tracking, a wider choice of tables); the
    columns stay ``table_id`` and ``company_id`` of each model's own table.
    """

    _name = "kp.table.record.mixin"
    _description = "Partnership Table Record"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    table_id = fields.Many2one(
        "kp.table",
        required=True,
        index=True,
        ondelete="restrict",
        # a new record goes to a table the user manages (kp_table_access.py)
        domain="[('is_managed', '=', True)]",
    )
    company_id = fields.Many2one(related="table_id.company_id", store=True, index=True)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _check_not_before(self, earlier, later, message):
        """Refuse a record whose date ``later`` falls before its date
        ``earlier`` (both set); ``message(record)`` says why, translated."""
        for record in self:
            if record[earlier] and record[later] and record[later] < record[earlier]:
                raise ValidationError(message(record))

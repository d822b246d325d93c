from odoo import fields, models


class KpReportMixin(models.AbstractModel):
    """What every analysis of the tables shares: each row belongs to a table
    and its municipality (company), for the record rules and the filters,
    and opens the record it counts (``_report_record``, the name of the
    row's field that holds it).

    Each analysis is its own SQL view (``_auto = False`` and a
    ``_table_query``), as Odoo's own report models.
    """

    _name = "kp.report.mixin"
    _description = "Partnership Table Analysis"
    # the field of a row that holds the record it counts
    _report_record = "table_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    table_id = fields.Many2one("kp.table", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_record(self):
        """The drill-down of a row: the record it counts."""
        self.ensure_one()
        return self[self._report_record].get_formview_action()

from odoo import fields, models
from odoo.tools import SQL


class KpCommitmentReport(models.Model):
    """Commitments analysis (tehtävien analyysi): one row per commitment with
    its measures, so pivot and graph sum and average them per organisation,
    table, sector and month.

    An SQL view over the commitments' indexed columns, as Odoo's own report
    models (project/report/project_report.py): every figure is read from the
    records when the analysis is opened, and its record rules mirror those
    of kp.commitment.
    """

    _name = "kp.commitment.report"
    _description = "Commitments Analysis"
    _inherit = ["kp.report.mixin"]
    _auto = False
    _report_record = "commitment_id"
    _order = "deadline, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    commitment_id = fields.Many2one("kp.commitment", readonly=True)
    name = fields.Char(string="What", readonly=True)
    organisation_id = fields.Many2one(
        "res.partner", string="Responsible Organisation", readonly=True
    )
    parent_organisation_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="The organisation a department belongs to (itself when it "
        "belongs to none): the municipality's figures roll its departments up.",
    )
    sector_id = fields.Many2one("kp.sector", readonly=True)
    responsible_partner_id = fields.Many2one(
        "res.partner", string="Responsible Person", readonly=True
    )
    stage_id = fields.Many2one("kp.commitment.stage", readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        readonly=True,
    )
    deadline = fields.Date(readonly=True)
    agreed_date = fields.Date(string="Agreed on", readonly=True)
    closed_date = fields.Date(string="Closed on", readonly=True)
    commitment_count = fields.Integer(string="Commitments", readonly=True)
    done_count = fields.Integer(string="Done", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    completion_rate = fields.Float(
        string="Completion (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="The share of the commitments done, of those not cancelled.",
    )
    delay_days = fields.Float(
        string="Average Delay (days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Days past the deadline when the commitment was done (0 when done "
        "in time), averaged over the commitments done that had a deadline.",
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        # a day is the table's: today and the days of stored times in its
        # time zone, "now" taken here (as the records' is_overdue takes it),
        # not the database server's date; a rate is 1 or 0 per row (shown as
        # a percentage), so its average over any group is the share of the
        # group's sums; a cancelled commitment counts in no rate
        return SQL(
            """
            SELECT
                c.id AS id,
                c.id AS commitment_id,
                c.name AS name,
                c.table_id AS table_id,
                c.company_id AS company_id,
                c.organisation_id AS organisation_id,
                COALESCE(org.parent_id, c.organisation_id)
                    AS parent_organisation_id,
                org.kp_sector_id AS sector_id,
                c.responsible_partner_id AS responsible_partner_id,
                c.stage_id AS stage_id,
                c.state AS state,
                c.deadline AS deadline,
                (c.create_date AT TIME ZONE 'UTC' AT TIME ZONE t.tz)::date
                    AS agreed_date,
                (c.closed_date AT TIME ZONE 'UTC' AT TIME ZONE t.tz)::date
                    AS closed_date,
                1 AS commitment_count,
                CASE WHEN c.state = 'done' THEN 1 ELSE 0 END AS done_count,
                CASE WHEN c.state = 'open' THEN 1 ELSE 0 END AS open_count,
                CASE WHEN c.state = 'open' AND c.deadline
                    < (%(now)s AT TIME ZONE 'UTC' AT TIME ZONE t.tz)::date
                    THEN 1 ELSE 0 END AS overdue_count,
                CASE WHEN c.state = 'done' THEN 1.0
                    WHEN c.state = 'open' THEN 0.0 END AS completion_rate,
                CASE WHEN c.state = 'done' AND c.deadline IS NOT NULL
                    THEN GREATEST(
                        (c.closed_date AT TIME ZONE 'UTC' AT TIME ZONE t.tz)::date
                        - c.deadline,
                        0
                    )
                    END AS delay_days
            FROM kp_commitment c
            JOIN kp_table t ON t.id = c.table_id
            JOIN res_partner org ON org.id = c.organisation_id
            WHERE c.active
            """,
            now=fields.Datetime.now(),
        )

from odoo import fields, models
from odoo.tools import SQL


class KpSectorCoverageReport(models.Model):
    """Sector coverage across tables (sektorikattavuus): one row per table and
    sector with whether the sector is represented at the table, invited to
    it or missing, for the whole municipality ("which tables have no parish,
    no business").

    An SQL view over the tables' stored sector map
    (models/kp_table_sector_map.py): the same statuses as each table's map.
    """

    _name = "kp.sector.coverage.report"
    _description = "Sector Coverage"
    _inherit = ["kp.report.mixin"]
    _auto = False
    _order = "table_id, sector_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    table_state = fields.Selection(
        [
            ("forming", "Forming"),
            ("active", "Active"),
            ("paused", "Paused"),
            ("ended", "Ended"),
        ],
        string="Table Status",
        readonly=True,
    )
    area = fields.Char(readonly=True)
    sector_id = fields.Many2one("kp.sector", readonly=True)
    status = fields.Selection(
        [
            ("represented", "Represented"),
            ("invited", "Invited"),
            ("missing", "Missing"),
        ],
        readonly=True,
    )
    represented_count = fields.Integer(string="Represented", readonly=True)
    invited_count = fields.Integer(string="Invited", readonly=True)
    missing_count = fields.Integer(string="Missing", readonly=True)
    coverage = fields.Float(
        string="Coverage (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="The share of the sectors represented.",
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        # a row's id is unique for each pair while there are fewer than a
        # million sectors; a bigint, as table ids past 2,147 would overflow
        # an integer; coverage is 1 or 0 per row, its average the share
        # represented
        return SQL(
            """
            SELECT
                t.id::bigint * 1000000 + s.id AS id,
                t.id AS table_id,
                t.company_id AS company_id,
                t.state AS table_state,
                t.area AS area,
                s.id AS sector_id,
                CASE WHEN r.table_id IS NOT NULL THEN 'represented'
                    WHEN i.table_id IS NOT NULL THEN 'invited'
                    ELSE 'missing' END AS status,
                CASE WHEN r.table_id IS NOT NULL THEN 1 ELSE 0 END
                    AS represented_count,
                CASE WHEN r.table_id IS NULL AND i.table_id IS NOT NULL
                    THEN 1 ELSE 0 END AS invited_count,
                CASE WHEN r.table_id IS NULL AND i.table_id IS NULL
                    THEN 1 ELSE 0 END AS missing_count,
                CASE WHEN r.table_id IS NOT NULL THEN 1.0 ELSE 0.0 END
                    AS coverage
            FROM kp_table t
            CROSS JOIN kp_sector s
            LEFT JOIN kp_table_represented_sector_rel r
                ON r.table_id = t.id AND r.sector_id = s.id
            LEFT JOIN kp_table_invited_sector_rel i
                ON i.table_id = t.id AND i.sector_id = s.id
            WHERE t.active AND s.active
            """
        )

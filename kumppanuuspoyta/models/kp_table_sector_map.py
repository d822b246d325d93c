import math

from odoo import api, fields, models


class KpTable(models.Model):
    """The "who should be invited" map of a table: which sectors of the local
    community are represented, invited or missing."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    represented_sector_ids = fields.Many2many(
        "kp.sector",
        "kp_table_represented_sector_rel",
        "table_id",
        "sector_id",
        compute="_compute_sector_ids",
        store=True,
        string="Represented Sectors",
    )
    invited_sector_ids = fields.Many2many(
        "kp.sector",
        "kp_table_invited_sector_rel",
        "table_id",
        "sector_id",
        compute="_compute_sector_ids",
        store=True,
        string="Invited Sectors",
    )
    missing_sector_ids = fields.Many2many(
        "kp.sector",
        compute="_compute_missing_sector_ids",
        search="_search_missing_sector_ids",
        string="Missing Sectors",
    )
    sector_coverage = fields.Integer(
        compute="_compute_sector_ids",
        store=True,
        aggregator="avg",
        string="Sector Coverage (%)",
    )
    sector_map = fields.Html(
        compute="_compute_sector_map", sanitize=False, string="Who Should Be Invited"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "participant_ids.sector_id", "participant_ids.state", "participant_ids.active"
    )
    def _compute_sector_ids(self):
        sector_total = self.env["kp.sector"].search_count([])
        for table in self:
            current = table.participant_ids._current()
            represented = current._joined().sector_id
            table.represented_sector_ids = represented
            table.invited_sector_ids = (
                current.filtered(lambda p: p.state == "invited").sector_id - represented
            )
            table.sector_coverage = (
                round(100 * len(represented) / sector_total) if sector_total else 0
            )

    @api.depends("represented_sector_ids", "invited_sector_ids")
    def _compute_missing_sector_ids(self):
        sectors = self.env["kp.sector"].search([], limit=None)
        for table in self:
            table.missing_sector_ids = (
                sectors - table.represented_sector_ids - table.invited_sector_ids
            )

    def _search_missing_sector_ids(self, operator, value):
        if operator != "in":
            return NotImplemented
        sector_ids = [v for v in value if v]
        # Conditions on many2many fields do not flush pending recomputations.
        self.flush_model(["represented_sector_ids", "invited_sector_ids"])
        return [
            ("represented_sector_ids", "not in", sector_ids),
            ("invited_sector_ids", "not in", sector_ids),
        ]

    @api.depends(
        "represented_sector_ids",
        "invited_sector_ids",
        "participant_ids.sector_id",
        "participant_ids.organisation_id.name",
    )
    def _compute_sector_map(self):
        sectors = self.env["kp.sector"].search([], limit=None)
        for table in self:
            table.sector_map = table._render_sector_map(sectors)

    def _sector_status(self, sector):
        if sector in self.represented_sector_ids:
            return "represented"
        if sector in self.invited_sector_ids:
            return "invited"
        return "missing"

    def _render_sector_map(self, sectors):
        """A round table with one seat per sector, coloured by its status."""
        seats = []
        for index, sector in enumerate(sectors):
            angle = 2 * math.pi * index / len(sectors) - math.pi / 2
            seats.append(
                {
                    "sector": sector,
                    "status": self._sector_status(sector),
                    "left": f"{50 + 41 * math.cos(angle):.1f}",
                    "top": f"{50 + 41 * math.sin(angle):.1f}",
                }
            )
        counts = {status: 0 for status in ("represented", "invited", "missing")}
        for seat in seats:
            counts[seat["status"]] += 1
        return self.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_sector_map",
            {
                "table": self,
                "seats": seats,
                "counts": counts,
                "unsectored": self._unsectored_organisations(),
            },
        )

    def _unsectored_organisations(self):
        """The organisations at the table whose participants have no sector:
        they sit on no seat of the map, so the map names them."""
        current = self.participant_ids._current()
        return current.filtered(lambda p: not p.sector_id).organisation_id.sorted(
            "name"
        )

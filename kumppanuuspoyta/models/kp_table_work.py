from odoo import fields, models

from .kp_meeting import OPEN_STATES


class KpTable(models.Model):
    """What a table has to show for itself: its open and overdue
    commitments and its next meeting, on its card and its form."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    open_commitment_count = fields.Integer(
        compute="_compute_commitment_counts", string="Open Commitments"
    )
    overdue_commitment_count = fields.Integer(
        compute="_compute_commitment_counts", string="Overdue Commitments"
    )
    next_meeting_start = fields.Datetime(
        compute="_compute_next_meeting_start", string="Next Meeting"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_commitment_counts(self):
        # two grouped queries for every card of the kanban at once
        Commitment = self.env["kp.commitment"]
        domain = [("table_id", "in", self.ids), ("state", "=", "open")]
        open_counts = dict(Commitment._read_group(domain, ["table_id"], ["__count"]))
        overdue_counts = dict(
            Commitment._read_group(
                domain + [("is_overdue", "=", True)], ["table_id"], ["__count"]
            )
        )
        for table in self:
            table.open_commitment_count = open_counts.get(table, 0)
            table.overdue_commitment_count = overdue_counts.get(table, 0)

    def _compute_next_meeting_start(self):
        starts = dict(
            self.env["kp.meeting"]._read_group(
                [
                    ("table_id", "in", self.ids),
                    ("state", "in", OPEN_STATES),
                    ("start", ">=", fields.Datetime.now()),
                ],
                ["table_id"],
                ["start:min"],
            )
        )
        for table in self:
            table.next_meeting_start = starts.get(table, False)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_open_commitments(self):
        return self._table_action("kp_commitment_action", search_default_open=1)

    def action_view_overdue_commitments(self):
        action = self.action_view_open_commitments()
        action["context"] = {"default_table_id": self.id, "search_default_overdue": 1}
        return action

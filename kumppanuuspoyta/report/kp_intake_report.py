from odoo import fields, models
from odoo.tools import SQL

from ..models.kp_decision_handoff import DECIDED_STATES


class KpIntakeReport(models.Model):
    """Regional intake reported back (aluepöydälle tuodut asiat): every agenda
    item brought by a city department or a village, with the meeting that
    handled it and what became of it (its answer, agreements, the decisions
    of their hand-offs, commitments and their state), per table and area, so
    the village ombudsman reports back to the villages and the departments.

    An SQL view over the agenda items and their agreements' commitments.
    """

    _name = "kp.intake.report"
    _description = "Regional Intake"
    _inherit = ["kp.report.mixin"]
    _auto = False
    _report_record = "agenda_item_id"
    _order = "meeting_date desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    agenda_item_id = fields.Many2one("kp.agenda.item", readonly=True)
    name = fields.Char(string="Title", readonly=True)
    source = fields.Selection(
        [("department", "City Department"), ("village", "Village")],
        readonly=True,
    )
    source_name = fields.Char(string="Department or Village", readonly=True)
    case_number = fields.Char(readonly=True)
    area = fields.Char(readonly=True)
    meeting_id = fields.Many2one("kp.meeting", readonly=True)
    meeting_date = fields.Date(readonly=True)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("accepted", "On the Agenda"),
            ("declined", "Declined"),
        ],
        readonly=True,
    )
    answer = fields.Selection(
        [
            ("agenda", "Taken onto the Agenda"),
            ("theme", "Made Part of a Theme"),
            ("decision", "Handed to Decision"),
            ("not_taken", "Not Taken"),
        ],
        readonly=True,
    )
    item_count = fields.Integer(string="Matters", readonly=True)
    answered_count = fields.Integer(string="Matters Answered", readonly=True)
    decided_count = fields.Integer(string="Matters Decided", readonly=True)
    agreement_count = fields.Integer(string="Agreements", readonly=True)
    commitment_count = fields.Integer(string="Commitments", readonly=True)
    commitment_done_count = fields.Integer(string="Commitments Done", readonly=True)
    commitment_open_count = fields.Integer(string="Commitments Open", readonly=True)
    commitment_overdue_count = fields.Integer(
        string="Commitments Overdue", readonly=True
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT
                i.id AS id,
                i.id AS agenda_item_id,
                i.name AS name,
                i.source AS source,
                i.source_name AS source_name,
                i.case_number AS case_number,
                i.table_id AS table_id,
                t.area AS area,
                i.company_id AS company_id,
                i.meeting_id AS meeting_id,
                (m.start AT TIME ZONE 'UTC' AT TIME ZONE t.tz)::date
                    AS meeting_date,
                i.state AS state,
                i.answer AS answer,
                1 AS item_count,
                CASE WHEN i.answer IS NOT NULL THEN 1 ELSE 0 END AS answered_count,
                CASE WHEN de.agenda_item_id IS NOT NULL THEN 1 ELSE 0 END
                    AS decided_count,
                COALESCE(ag.agreement_count, 0) AS agreement_count,
                COALESCE(co.commitment_count, 0) AS commitment_count,
                COALESCE(co.done_count, 0) AS commitment_done_count,
                COALESCE(co.open_count, 0) AS commitment_open_count,
                COALESCE(co.overdue_count, 0) AS commitment_overdue_count
            FROM kp_agenda_item i
            JOIN kp_table t ON t.id = i.table_id
            LEFT JOIN kp_meeting m ON m.id = i.meeting_id
            LEFT JOIN (
                SELECT agenda_item_id, COUNT(*) AS agreement_count
                FROM kp_agreement
                WHERE agenda_item_id IS NOT NULL
                GROUP BY agenda_item_id
            ) ag ON ag.agenda_item_id = i.id
            LEFT JOIN (
                SELECT DISTINCT g.agenda_item_id
                FROM kp_decision_handoff h
                JOIN kp_agreement g ON g.id = h.agreement_id
                WHERE g.agenda_item_id IS NOT NULL
                    AND h.state IN %(decided)s
            ) de ON de.agenda_item_id = i.id
            LEFT JOIN (
                SELECT g.agenda_item_id,
                    COUNT(*) AS commitment_count,
                    COUNT(*) FILTER (WHERE c.state = 'done') AS done_count,
                    COUNT(*) FILTER (WHERE c.state = 'open') AS open_count,
                    COUNT(*) FILTER (
                        WHERE c.state = 'open' AND c.deadline
                            < (%(now)s AT TIME ZONE 'UTC' AT TIME ZONE ct.tz)::date
                    ) AS overdue_count
                FROM kp_commitment c
                JOIN kp_table ct ON ct.id = c.table_id
                JOIN kp_agreement g ON g.id = c.agreement_id
                WHERE c.active AND g.agenda_item_id IS NOT NULL
                GROUP BY g.agenda_item_id
            ) co ON co.agenda_item_id = i.id
            WHERE i.source IN ('department', 'village')
            """,
            now=fields.Datetime.now(),
            decided=DECIDED_STATES,
        )

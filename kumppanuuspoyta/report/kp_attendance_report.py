from odoo import fields, models
from odoo.tools import SQL

from ..models.kp_theme import HELD_STATES


class KpAttendanceReport(models.Model):
    """Attendance analysis (osallistumisen analyysi): one row per meeting and
    organisation (a resident without one counts as themselves) whose people
    were invited, with whether the organisation came.

    An organisation attended a meeting when one of its people was present,
    was excused when none came and one sent word, and was absent otherwise.
    An SQL view over the recorded attendance of meetings that were held
    (HELD_STATES: not a coming or cancelled meeting whose attendance was
    filled in ahead). The one definition of attendance: the organisation's
    contact, the closing report and the dashboard read it from here.
    """

    _name = "kp.attendance.report"
    _description = "Attendance Analysis"
    _inherit = ["kp.report.mixin"]
    _auto = False
    _report_record = "meeting_id"
    _order = "date desc, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    meeting_id = fields.Many2one("kp.meeting", readonly=True)
    organisation_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="The organisation, or the resident who sits at the table in "
        "their own name.",
    )
    sector_id = fields.Many2one("kp.sector", readonly=True)
    date = fields.Date(string="Meeting Date", readonly=True)
    status = fields.Selection(
        [("present", "Present"), ("excused", "Excused"), ("absent", "Absent")],
        readonly=True,
        help="Present when one of the organisation's people came, excused "
        "when none came and one sent word, absent otherwise.",
    )
    invited_count = fields.Integer(string="Meetings Invited", readonly=True)
    attended_count = fields.Integer(string="Meetings Attended", readonly=True)
    excused_count = fields.Integer(string="Meetings Excused", readonly=True)
    absent_count = fields.Integer(string="Meetings Absent", readonly=True)
    attendance_rate = fields.Float(
        string="Attendance (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        # one id per (meeting, organisation): the smallest attendance line's;
        # the rate is 1 or 0 per row, its average the share attended
        return SQL(
            """
            SELECT
                MIN(a.id) AS id,
                a.meeting_id AS meeting_id,
                a.table_id AS table_id,
                a.company_id AS company_id,
                COALESCE(a.organisation_id, a.partner_id) AS organisation_id,
                MIN(a.sector_id) AS sector_id,
                (m.start AT TIME ZONE 'UTC' AT TIME ZONE t.tz)::date AS date,
                1 AS invited_count,
                MAX(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END)
                    AS attended_count,
                CASE WHEN BOOL_OR(a.status = 'present') THEN 0
                    WHEN BOOL_OR(a.status = 'excused') THEN 1
                    ELSE 0 END AS excused_count,
                CASE WHEN BOOL_OR(a.status <> 'absent') THEN 0
                    ELSE 1 END AS absent_count,
                CASE WHEN BOOL_OR(a.status = 'present') THEN 'present'
                    WHEN BOOL_OR(a.status = 'excused') THEN 'excused'
                    ELSE 'absent' END AS status,
                MAX(CASE WHEN a.status = 'present' THEN 1.0 ELSE 0.0 END)
                    AS attendance_rate
            FROM kp_attendance a
            JOIN kp_meeting m ON m.id = a.meeting_id
            JOIN kp_table t ON t.id = m.table_id
            WHERE m.active AND m.state IN %s
            GROUP BY a.meeting_id, a.table_id, a.company_id,
                COALESCE(a.organisation_id, a.partner_id), m.start, t.tz
            """,
            HELD_STATES,
        )

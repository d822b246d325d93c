from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KpAttendance(models.Model):
    """Whether a participant was at a meeting, recorded by the secretary."""

    _name = "kp.attendance"
    _description = "Attendance"
    _order = "meeting_id, organisation_id, participant_id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    meeting_id = fields.Many2one(
        "kp.meeting", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True
    )
    table_id = fields.Many2one(related="meeting_id.table_id", store=True, index=True)
    participant_id = fields.Many2one(
        "kp.participant", required=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(related="participant_id.partner_id", store=True)
    organisation_id = fields.Many2one(
        related="participant_id.organisation_id", store=True, index=True
    )
    sector_id = fields.Many2one(related="participant_id.sector_id", store=True)
    status = fields.Selection(
        [("present", "Present"), ("absent", "Absent"), ("excused", "Excused")],
        default="present",
        required=True,
    )
    present_count = fields.Integer(
        compute="_compute_present_count", store=True, string="Present"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("status")
    def _compute_present_count(self):
        for line in self:
            line.present_count = 1 if line.status == "present" else 0

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    _meeting_participant_uniq = models.Constraint(
        "UNIQUE(meeting_id, participant_id)",
        "A participant's attendance is recorded once per meeting.",
    )

    @api.constrains("meeting_id", "participant_id")
    def _check_participant_of_table(self):
        for line in self:
            if line.participant_id.table_id != line.meeting_id.table_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s does not sit at the table %(table)s: no "
                        "attendance is recorded for them.",
                        person=line.participant_id.partner_id.display_name,
                        table=line.meeting_id.table_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_unlocked()
        lines.meeting_id._touch_minutes()
        return lines

    def write(self, vals):
        self._check_unlocked()
        result = super().write(vals)
        self.meeting_id._touch_minutes()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_unlocked(self):
        """The approved minutes froze the attendance."""
        self.meeting_id._check_minutes_open(
            lambda meeting: self.env._(
                "The minutes of %(meeting)s are approved: the attendance "
                "can no longer change. Correct the minutes with a new "
                "version.",
                meeting=meeting.display_name,
            )
        )

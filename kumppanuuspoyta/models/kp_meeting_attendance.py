from odoo import api, fields, models

# above this many people the minutes count attendance per organisation
ATTENDANCE_NAMES_LIMIT = 50


class KpMeeting(models.Model):
    """Who was at the meeting, by organisation, recorded by the secretary."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.meeting"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    attendance_ids = fields.One2many("kp.attendance", "meeting_id")
    present_count = fields.Integer(compute="_compute_attendance_counts")
    present_organisation_count = fields.Integer(compute="_compute_attendance_counts")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "attendance_ids.status",
        "attendance_ids.organisation_id",
        "attendance_ids.partner_id",
    )
    def _compute_attendance_counts(self):
        for meeting in self:
            present = meeting.attendance_ids.filtered(lambda a: a.status == "present")
            meeting.present_count = len(present)
            # as the attendance analysis counts: a resident as themselves
            meeting.present_organisation_count = len(
                {line.organisation_id or line.partner_id for line in present}
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_attendance_names_limit(self):
        return ATTENDANCE_NAMES_LIMIT

    def _kp_attendance_summary(self):
        """Present / absent / excused per organisation (residents last), as
        the minutes of a large table print it."""
        self.ensure_one()
        counts = {}
        for line in self.attendance_ids:
            row = counts.setdefault(
                line.organisation_id,
                {"present": 0, "absent": 0, "excused": 0},
            )
            row[line.status] += 1
        rows = [
            {"organisation": organisation.name, **row}
            for organisation, row in sorted(
                counts.items(), key=lambda item: item[0].name or ""
            )
            if organisation
        ]
        if self.env["res.partner"] in counts:
            rows.append(
                {
                    "organisation": self.env._("Residents"),
                    **counts[self.env["res.partner"]],
                }
            )
        return rows

    def _create_attendance_lines(self):
        """One line per joined participant (the invited have not joined the
        table yet): present, or excused when they declined the invitation."""
        values = []
        for meeting in self:
            known = meeting.attendance_ids.participant_id
            # the replies of a private event, for whoever may hold the meeting
            event = meeting.event_id.sudo()
            replies = {a.partner_id: a.state for a in event.attendee_ids}
            for participant in meeting.table_id.participant_ids._joined() - known:
                reply = replies.get(participant.partner_id)
                values.append(
                    {
                        "meeting_id": meeting.id,
                        "participant_id": participant.id,
                        "status": "excused" if reply == "declined" else "present",
                    }
                )
        self.env["kp.attendance"].create(values)

from odoo import api, fields, models

# above this many people the minutes count attendance per organisation
ATTENDANCE_NAMES_LIMIT = 50
# the invitation names at most this many organisations (the largest), the
# rest in one line: an e-mail's size, and Odoo's work on each of them, stays
# the same however many organisations sit at the table
INVITED_ORGANISATIONS_LISTED = 10


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
    # what the invitation says of who is invited: a table of hundreds is
    # counted per organisation, not listed by name; rendered once per meeting
    # and language, so every attendee's e-mail costs the same however many
    # organisations sit at the table
    invited_per_organisation = fields.Html(
        compute="_compute_invited_per_organisation",
        string="Invited per Organisation",
        sanitize=False,
    )

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

    @api.depends("event_id.attendee_ids.partner_id", "table_id.participant_ids")
    @api.depends_context("lang")
    def _compute_invited_per_organisation(self):
        for meeting in self:
            # the event is private to its attendees: the count is for them all
            organisations = {
                participant.partner_id: participant.organisation_id
                for participant in meeting.sudo().table_id.participant_ids
            }
            rows = meeting._kp_per_organisation(
                (
                    organisations.get(partner, partner.parent_id.commercial_partner_id),
                    "count",
                )
                for partner in meeting.sudo().event_id.attendee_ids.partner_id
            )
            rows = meeting._kp_largest_organisations(rows)
            meeting.invited_per_organisation = self.env["ir.qweb"]._render(
                "kumppanuuspoyta.kp_meeting_invited_list", {"rows": rows}
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
        return self._kp_per_organisation(
            ((line.organisation_id, line.status) for line in self.attendance_ids),
            ("present", "absent", "excused"),
        )

    def _kp_per_organisation(self, people, columns=("count",)):
        """Rows of people counted per organisation, by name, residents (no
        organisation) last: the one place where a large meeting's people are
        counted instead of named (the minutes' attendance, the invitation's
        participants). ``people``: (organisation, column) of each person."""
        counts = {}
        for organisation, column in people:
            counts.setdefault(organisation, dict.fromkeys(columns, 0))[column] += 1
        residents = counts.pop(self.env["res.partner"], None)
        rows = [
            {"organisation": organisation.name, **row}
            for organisation, row in sorted(
                counts.items(), key=lambda item: item[0].name or ""
            )
        ]
        if residents:
            rows.append(
                {
                    "organisation": self.env._("Residents"),
                    "residents": True,
                    **residents,
                }
            )
        return rows

    def _kp_largest_organisations(self, rows):
        """The invitation's rows of ``_kp_per_organisation``: the
        ``INVITED_ORGANISATIONS_LISTED`` largest organisations in the order
        of their names, then one line for the others, residents last."""
        residents = rows[-1:] if rows and rows[-1].get("residents") else []
        organisations = rows[: len(rows) - len(residents)]
        if len(organisations) <= INVITED_ORGANISATIONS_LISTED:
            return rows
        by_size = sorted(organisations, key=lambda row: -row["count"])
        listed = by_size[:INVITED_ORGANISATIONS_LISTED]
        others = by_size[INVITED_ORGANISATIONS_LISTED:]
        listed.sort(key=lambda row: row["organisation"])
        listed.append(
            {
                "organisation": self.env._(
                    "%(count)s other organisations", count=len(others)
                ),
                "count": sum(row["count"] for row in others),
            }
        )
        return listed + residents

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

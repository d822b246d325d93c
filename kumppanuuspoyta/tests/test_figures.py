"""Figures that agree (issue 20, point 10): attendance is one count in every
place that shows it. An organisation (a resident sitting in their own name
counts as themselves) attended a held meeting when one of its people was
present; the attendance analysis, the organisation's contact, the closing
report and the meeting's form all count that, and only for meetings held."""

from odoo.tests import tagged

from .theme_common import KpThemeCommon

MEASURES = ["invited_count:sum", "attended_count:sum", "excused_count:sum"]


@tagged("post_install", "-at_install")
class TestFiguresAgree(KpThemeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a second person of the city at the table
        cls.person_official_2 = cls._person(
            "Oona Osastosihteeri", cls.org_city, "oona@example.com"
        )
        cls._seat(cls.table, cls.person_official_2, [cls.role_member])

    def _mark(self, meeting, statuses):
        for partner, status in statuses.items():
            meeting.attendance_ids.filtered(
                lambda a, p=partner: a.partner_id == p
            ).status = status

    def test_attendance_is_one_figure_everywhere(self):
        """Two meetings held: both of the city's people came to the first
        (one attendance of the city, not two) and the city sent word for
        the second; the association was absent, then came. A coming
        meeting whose attendance the secretary already filled in counts
        nowhere."""
        first = self._held_meeting(hours=60)
        second = self._held_meeting(hours=30)
        self._mark(
            first,
            {
                self.person_official: "present",
                self.person_official_2: "present",
                self.person_volunteer: "absent",
            },
        )
        self._mark(
            second,
            {
                self.person_official: "excused",
                self.person_official_2: "absent",
                self.person_volunteer: "present",
            },
        )
        coming = self._meeting()
        self.env["kp.attendance"].create(
            [
                {"meeting_id": coming.id, "participant_id": seat.id}
                for seat in self.table.participant_ids._joined()
            ]
        )
        self.env.flush_all()
        # the attendance analysis, as its pivot reads it
        Report = self.env["kp.attendance.report"].with_user(self.user_manager)
        by_organisation = {
            organisation: (invited, attended, excused)
            for organisation, invited, attended, excused in Report._read_group(
                [("table_id", "=", self.table.id)], ["organisation_id"], MEASURES
            )
        }
        self.assertEqual(by_organisation[self.org_city], (2, 1, 1))
        self.assertEqual(by_organisation[self.org_assoc], (2, 1, 0))
        ((invited, attended, _excused),) = Report._read_group(
            [("table_id", "=", self.table.id)], [], MEASURES
        )
        residents = self.table.participant_ids._joined().filtered(
            lambda seat: not seat.organisation_id
        )
        self.assertEqual(invited, 2 * (2 + len(residents)))

        # the organisation's contact
        self.assertEqual(
            self.org_city.with_user(self.user_coordinator).kp_attendance_rate, 50
        )
        self.assertEqual(
            self.org_assoc.with_user(self.user_coordinator).kp_attendance_rate, 50
        )

        # the closing report: the same meetings, per organisation
        data = (
            self.env["kp.closing.report"]
            .with_user(self.user_coordinator)
            ._report_data(self.table)
        )
        rows = dict(data["attendance"])
        self.assertEqual(rows[self.org_city], {"present": 1, "absent": 0, "excused": 1})
        self.assertEqual(
            rows[self.org_assoc], {"present": 1, "absent": 1, "excused": 0}
        )
        self.assertEqual(
            sum(sum(row.values()) for row in rows.values()),
            invited,
            "every organisation at every meeting held, once",
        )
        self.assertEqual(sum(row["present"] for row in rows.values()), attended)

        # the meeting's form: the organisations present (residents as
        # themselves), as the analysis counts the meeting
        for meeting in (first, second):
            ((present,),) = Report._read_group(
                [("meeting_id", "=", meeting.id)], [], ["attended_count:sum"]
            )
            self.assertEqual(meeting.present_organisation_count, present)
        self.assertEqual(first.present_count, 2 + len(residents))

"""The dashboard over the demo data (kumppanuuspoyta/demo/), its
headline counted by hand: what a municipality trying the addon sees first.
The bridge's own tests (kumppanuuspoyta_dashboard/tests) make their data and
pass without demo data; this one runs on the demo database scripts/test
installs."""

from odoo.tests import tagged

from odoo.addons.kumppanuuspoyta_dashboard.tests.test_dashboard import DashboardCommon

# the commitments of the demo data (kumppanuuspoyta/demo/kp_demo_minutes.xml),
# counted by hand: 23 commitments at Keuruu (11), Toivakka (6) and Joutsa (6);
# 8 done, 14 open, Joutsa's home help cancelled
DEMO_COMMITMENTS = {"total": 23, "done": 8, "open": 14, "cancelled": 1}
# open with a deadline before the day the demo was installed (its deadlines
# are days from that day), so overdue from then on
DEMO_OVERDUE = (
    "kp_demo_commitment_keuruu_info_newsletter",
    "kp_demo_commitment_keuruu_rotation_library",
    "kp_demo_commitment_toivakka_parish",
    "kp_demo_commitment_joutsa_shifts",
    "kp_demo_commitment_joutsa_hours",
)


@tagged("post_install", "-at_install")
class TestDemoDashboard(DashboardCommon):
    def test_commitments_headline_is_the_demo_data(self):
        self.assertTrue(
            self.env.ref(
                f"kumppanuuspoyta.{DEMO_OVERDUE[0]}", raise_if_not_found=False
            ),
            "these figures are the demo data's: scripts/test installs it",
        )
        figures = self._headline("1", self.user_manager)
        demo = DEMO_COMMITMENTS
        self.assertEqual(figures["commitment_count:sum"], demo["total"])
        self.assertEqual(figures["done_count:sum"], demo["done"])
        self.assertEqual(figures["open_count:sum"], demo["open"])
        # a cancelled commitment counts in no rate: 8 done of 22
        self.assertAlmostEqual(
            figures["completion_rate:avg"],
            demo["done"] / (demo["total"] - demo["cancelled"]),
        )
        # overdue: at least the five whose deadline was before the install day,
        # and exactly the open commitments past their deadline today (the
        # day at their table, in its time zone)
        overdue = (
            self.env["kp.commitment"]
            .search([("state", "=", "open"), ("deadline", "!=", False)])
            .filtered(lambda c: c.deadline < self._today(c.table_id))
        )
        for xmlid in DEMO_OVERDUE:
            self.assertIn(self.env.ref(f"kumppanuuspoyta.{xmlid}"), overdue)
        self.assertEqual(figures["overdue_count:sum"], len(overdue))
        self.assertGreaterEqual(figures["overdue_count:sum"], len(DEMO_OVERDUE))
        # per table, as the dashboard's table of commitments shows them
        per_table = {
            g["table_id"][1]: g["commitment_count:sum"]
            for g in self._pivot_request(self.data["pivots"]["10"], self.user_manager)[
                1
            ]
        }
        self.assertEqual(
            per_table,
            {
                "Keuruun kumppanuuspöytä": 11,
                "Toivakan kumppanuuspöytä": 6,
                "Joutsan kumppanuuspöytä": 6,
            },
        )

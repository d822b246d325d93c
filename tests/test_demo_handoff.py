"""The demo's Pieksämäki agreement handed to the city board for decision
(issue #23): Virtasalmi's approved minutes, the registry e-mail connector,
a case number in the demo municipality's pattern, and the decision, as a
Finnish reader sees it on the agreement and the theme.

Runs under pytest-odoo in the test database that scripts/test installs with
demo data (kumppanuuspoyta/demo/kp_demo_minutes.xml).
"""

import re

from odoo.tests import TransactionCase, tagged

KP = "kumppanuuspoyta"


# Outside odoo.addons.*, Odoo's BaseCase sets no test_tags by itself; tagged() does.
@tagged("post_install", "-at_install")
class TestDemoHandoff(TransactionCase):
    def ref(self, xmlid):
        return self.env.ref(f"{KP}.{xmlid}")

    def setUp(self):
        super().setUp()
        self.handoff = self.ref("kp_demo_handoff_virtasalmi_school")
        self.agreement = self.ref("kp_demo_agreement_virtasalmi_school")

    def test_pieksamaki_agreement_of_approved_minutes(self):
        self.assertEqual(self.handoff.agreement_id, self.agreement)
        self.assertEqual(
            self.handoff.table_id, self.ref("kp_demo_table_pieksamaki_virtasalmi")
        )
        self.assertEqual(
            self.agreement.meeting_id, self.ref("kp_demo_meeting_virtasalmi_past")
        )
        self.assertEqual(self.agreement.meeting_id.state, "minutes_approved")
        self.assertTrue(self.agreement.minutes_approved)

    def test_handed_to_the_city_board_by_the_registry_email(self):
        self.assertEqual(self.handoff.addressee, "Kaupunginhallitus")
        self.assertEqual(self.handoff.code, "registry_email")
        company = self.handoff.company_id
        self.assertTrue(company.kp_registry_email)
        # registered under a case number in the municipality's pattern
        self.assertTrue(
            re.fullmatch(company._kp_case_number_pattern(), self.handoff.case_number),
            self.handoff.case_number,
        )

    def test_decided_with_date_section_and_summary(self):
        handoff = self.handoff
        self.assertEqual(handoff.state, "approved")
        self.assertTrue(handoff.decision_date)
        self.assertGreater(
            handoff.decision_date, self.agreement.meeting_id.start.date()
        )
        self.assertEqual(handoff.decision_section, "87")
        self.assertIn("Kaupunginhallitus päätti", handoff.summary)
        self.assertIn("Virtasalmen koulukiinteistö", handoff.summary)

    def test_reads_right_in_finnish(self):
        handoff = self.handoff
        day = handoff.table_id._format_day(handoff.decision_date, lang="fi_FI")
        self.assertRegex(day, r"^\d{1,2}\.\d{1,2}\.\d{4}$")
        line = f"Päätöksenteossa: {handoff.case_number} – päätetty {day} § 87"
        agreement = self.agreement.with_context(lang="fi_FI")
        self.assertEqual(agreement.decision_line, line)
        self.assertEqual(agreement.handoff_count, 1)
        # the theme lists it with what became of it
        theme = self.ref("kp_demo_theme_virtasalmi_koulukiinteisto")
        self.assertIn(handoff, theme.handoff_ids)

"""The link back from the municipality's decision-making, wherever the
matter shows (issue #23): the next meeting's agenda e-mail reviews the
earlier agreements in decision-making, the minutes of later meetings tell
where they are (approved minutes never change), the reports group the
agreements by their decision, and the theme's closing report tells it; one
line, "Päätöksenteossa: HEL 2024-015249 – päätetty 12.3.2026 § 123", in the
reader's language, Finnish and Swedish."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .decision_common import CASE, KpDecisionLinksCommon
from .reading import pdf_text


@tagged("post_install", "-at_install")
class TestDecisionLinks(KpDecisionLinksCommon):
    def test_the_next_meetings_agenda_mail_reviews_the_decision(self):
        lines = self._lines(self._decide())
        self.coming.with_user(self.user_coordinator).action_send_agenda()
        for partner, lang in (
            (self.person_volunteer, "fi_FI"),
            (self.person_official, "sv_SE"),
        ):
            with self.subTest(lang=lang):
                agenda = self._mails(partner).filtered(
                    lambda m: "Kevään tapahtumat" in (m.body_html or "")
                )
                self.assertEqual(len(agenda), 1)
                self.assertIn(lines[lang], agenda.body_html)
                self.assertIn("Valaistus viedään", agenda.body_html)

    def test_a_pending_matter_is_reviewed_with_its_case_number(self):
        self.assertEqual(self.coming.review_handoff_ids, self.handoff)
        self.assertEqual(self.second.review_handoff_ids, self.handoff)
        self.assertFalse(self.first.review_handoff_ids, "not before it was agreed")
        # the meeting's form lists them for a participant of the table
        data = self.coming.with_user(self.user_participant).web_read(
            {"review_handoff_ids": {"fields": {"case_number": {}, "state": {}}}}
        )[0]
        self.assertEqual(
            [row["case_number"] for row in data["review_handoff_ids"]], [CASE]
        )
        html = self.coming.with_context(lang="sv_SE")._agenda_html()
        self.assertNotIn(CASE, html, "the agenda's items stay the items")
        self.handoff.action_withdraw()
        self.coming.invalidate_recordset(["review_handoff_ids"])
        self.assertFalse(self.coming.review_handoff_ids)

    def test_later_minutes_show_the_decision_and_approved_minutes_stay(self):
        approved = self.first.minutes_ids
        body = approved.body
        printed = self._report_html(self.first)
        day = self._decide()
        lines = self._lines(day)
        self.env.invalidate_all()
        self.assertEqual(approved.body, body, "the approved text never changes")
        self.assertEqual(self._report_html(self.first), printed)
        self.assertNotIn("Päätöksenteossa", printed)
        # the later meeting's minutes tell where the matter is
        self._agree(self.second, "Tilat selvitetään.", self._item(self.second))
        self.second.action_draft_minutes()
        self.assertIn(
            lines["sv_SE"], self.second.with_context(lang="sv_SE")._minutes_html()
        )
        # frozen in the approver's language
        self.second.with_user(self.user_coordinator).with_context(
            lang="fi_FI"
        ).action_approve_minutes()
        later = self.second.minutes_ids
        self.assertIn(lines["fi_FI"], later.body)
        # a later decision does not change those approved minutes either
        self.handoff.with_user(self.user_manager).action_return()
        self.env.invalidate_all()
        self.assertIn(lines["fi_FI"], later.body)

    def test_the_agreements_are_grouped_by_their_decision(self):
        self.assertEqual(self.agreement.decision_state, "pending")
        self._decide()
        self.assertEqual(self.agreement.decision_state, "approved")
        Agreement = self.env["kp.agreement"].with_user(self.user_participant)
        groups = dict(
            Agreement._read_group(
                [("table_id", "=", self.table.id)], ["decision_state"], ["__count"]
            )
        )
        self.assertEqual(groups["approved"], 1)
        field = Agreement._fields["decision_state"]
        for lang, label in (("fi_FI", "Hyväksytty"), ("sv_SE", "Godkänt")):
            with self.subTest(lang=lang):
                env = Agreement.with_context(lang=lang).env
                self.assertEqual(
                    dict(field._description_selection(env))["approved"], label
                )
                self.assertEqual(
                    self.agreement.with_user(self.user_participant)
                    .with_context(lang=lang)
                    .decision_line,
                    self._lines(self._today(self.table))[lang],
                )
        # the analysis groups by it; its list shows the line
        action = self.env.ref("kumppanuuspoyta.kp_agreement_report_action")
        self.assertIn("pivot", action.view_mode)
        withdrawn = self.handoff.with_user(self.user_manager)
        withdrawn.action_withdraw()
        self.assertFalse(self.agreement.decision_state)

    def test_another_municipality_sees_nothing(self):
        self._decide()
        other = self.user_other
        self.assertFalse(
            self.env["kp.agreement"]
            .with_user(other)
            .search([("decision_state", "!=", False)])
        )
        self.assertFalse(self.env["kp.decision.handoff"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            self.coming.with_user(other).read(["review_handoff_ids"])
        with self.assertRaises(AccessError):
            self.theme.with_user(other).read(["timeline_html"])

    def test_the_theme_closing_report_tells_the_decision(self):
        lines = self._lines(self._decide())
        self.theme.results = "Kylätiet valaistaan."
        self.theme.action_mark_results()
        self._serve_report_assets()
        for lang in ("fi_FI", "sv_SE"):
            with self.subTest(lang=lang), self.allow_pdf_render():
                pdf, _type = (
                    self.env["ir.actions.report"]
                    .with_context(lang=lang, force_report_rendering=True)
                    ._render_qweb_pdf(
                        "kumppanuuspoyta.kp_report_closing_theme", self.theme.ids
                    )
                )
                text = " ".join(pdf_text(pdf).split())
                self.assertIn(lines[lang], text)
                self.assertIn("Kylätiet valaistaan.", text)
        # the table's closing report lists the matters in decision-making
        html, _type = (
            self.env["ir.actions.report"]
            .with_context(lang="fi_FI")
            ._render_qweb_html(
                "kumppanuuspoyta.kp_report_closing_table", self.table.ids
            )
        )
        self.assertIn(lines["fi_FI"], html.decode())
        self.assertIn("Valaistus viedään", html.decode())

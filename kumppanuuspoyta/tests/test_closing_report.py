"""The closing report of a table or a theme (issue 11): goal against
results, meetings held, themes with their results and meetings used,
commitments and attendance per organisation; a form and a PDF, in the
reader's language; offered when a table or theme ends."""

from datetime import datetime, timedelta

from babel.dates import format_datetime

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .theme_common import KpThemeCommon


@tagged("post_install", "-at_install")
class TestClosingReport(KpThemeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table.goal = "Ikäihmisten yksinäisyys vähenee."
        cls.theme_coffee = cls._theme(
            "Kahvia ja kohtaamisia",
            goal="Avoin kahvihetki kerran kuussa.",
            planned_meeting_count=3,
        )
        cls.theme_roads = cls._theme("Kyläkyydit", planned_meeting_count=1)
        cls.meeting_1, item_1 = cls._held_on(
            cls.theme_coffee, hours=24 * 40, name="Kevään vastuutahot"
        )
        cls.meeting_2, item_2 = cls._held_on(
            cls.theme_roads, hours=24 * 10, name="Kyytirengas"
        )
        agreement = cls._agree(
            cls.meeting_1,
            "Sydänyhdistys vastaa huhtikuun kerrasta.",
            item_1,
            [
                {"name": "Varaa Salonki", "organisation_id": cls.org_assoc.id},
                {"name": "Tee juliste", "organisation_id": cls.org_assoc.id},
                {"name": "Kahvitus", "organisation_id": cls.org_city.id},
            ],
        )
        done, cancelled, _open = agreement.commitment_ids.sorted("id")
        done.stage_id = cls.stage_done
        cancelled.stage_id = cls.stage_cancelled
        cls._agree(
            cls.meeting_2,
            "Kaupunki selvittää kyytirenkaan.",
            item_2,
            [{"name": "Selvitä kyydit", "organisation_id": cls.org_city.id}],
        )
        by_partner = {a.partner_id: a for a in cls.meeting_1.attendance_ids}
        by_partner[cls.person_volunteer].status = "excused"
        cls.theme_coffee.write(
            {
                "results": "Kahvihetki vakiintui; kävijöitä 40 kerrassa.",
                "result_agreement_ids": [(6, 0, agreement.ids)],
            }
        )
        cls.theme_coffee.action_mark_results()

    def _html(self, **kw):
        action = self.env["kp.closing.report"]._action_open(**kw)
        wizard = self.env["kp.closing.report"].browse(action["res_id"])
        return wizard, str(wizard.report_html)

    def test_report_of_the_table(self):
        """Read in English (what it asserts), whatever the company's
        language; the same report read in Finnish writes its days as
        Finnish does."""
        wizard, _html = self._html(table=self.table)
        html = str(wizard.with_context(lang="en_US").report_html)
        tz = self.table.tz
        self.env["res.lang"]._activate_lang("fi_FI")
        html_fi = str(wizard.with_context(lang="fi_FI").report_html)
        for meeting in self.meeting_1 + self.meeting_2:
            self.assertIn(
                format_datetime(meeting.start, "d.M.yyyy", tzinfo=tz, locale="fi"),
                html_fi,
            )
        for text in (
            "Ikäihmisten yksinäisyys vähenee.",
            # meetings held, with dates
            "Kevään vastuutahot",
            "Kyytirengas",
            format_datetime(self.meeting_1.start, "MMM d, y", tzinfo=tz, locale="en"),
            format_datetime(self.meeting_2.start, "MMM d, y", tzinfo=tz, locale="en"),
            # themes with their results and meetings used
            "Kahvia ja kohtaamisia",
            "Kahvihetki vakiintui; kävijöitä 40 kerrassa.",
            "Sydänyhdistys vastaa huhtikuun kerrasta.",
            "1 of 3 planned meetings used",
            "1 of 1 planned meetings used",
            "Has Results",
        ):
            self.assertIn(text, html)
        # commitments done / open / cancelled per organisation
        self.assertRegex(
            html,
            r"(?s)<td>Testikylien yhdistys ry</td>\s*"
            r"<td>1</td>\s*<td>0</td>\s*<td>1</td>",
        )
        self.assertRegex(
            html, r"(?s)<td>Testikaupunki</td>\s*<td>0</td>\s*<td>2</td>\s*<td>0</td>"
        )
        # attendance per organisation over the meetings held
        self.assertRegex(
            html,
            r"(?s)o_kp_closing_attendance.*<td>\s*Testikylien yhdistys ry\s*</td>\s*"
            r"<td>1</td>\s*<td>0</td>\s*<td>1</td>",
        )
        for heading in (
            "Goal and results",
            "Meetings held",
            "Themes and their results",
            "Commitments per organisation",
            "Attendance per organisation",
        ):
            self.assertIn(heading, html)

    def test_report_of_one_theme(self):
        _wizard, html = self._html(theme=self.theme_roads)
        self.assertIn("Kyläkyydit", html)
        self.assertIn("Kyytirengas", html)
        self.assertNotIn("Kevään vastuutahot", html)
        # only the theme's commitments
        self.assertRegex(
            html, r"(?s)<td>Testikaupunki</td>\s*<td>0</td>\s*<td>1</td>\s*<td>0</td>"
        )
        commitments = html.split("o_kp_closing_commitments")[1].split(
            "o_kp_closing_attendance"
        )[0]
        self.assertNotIn("Testikylien yhdistys ry", commitments)
        # the theme is the report's subject, not one of its own sub-themes:
        # no "Themes and their results" listing itself; its state and the
        # meetings it used are with its goal
        self.assertNotIn("Themes and their results", html)
        self.assertNotIn("o_kp_closing_themes", html)
        self.assertEqual(html.count("Kyläkyydit"), 1, "named once, in the title")
        goal = html.split("o_kp_closing_goal")[1].split("</table>")[0]
        self.assertIn("1 of 1 planned meetings used", goal)
        self.assertIn("Open", goal)
        # the table's report lists its themes
        _wizard, table_html = self._html(table=self.table)
        themes = table_html.split("o_kp_closing_themes")[1].split("</table>")[0]
        self.assertIn("Kyläkyydit", themes)
        self.assertIn("Kahvia ja kohtaamisia", themes)

    def test_in_the_readers_language(self):
        wizard, _html = self._html(table=self.table)
        finnish = str(wizard.with_context(lang="fi_FI").report_html)
        self.assertIn("Tavoite ja tulokset", finnish)
        self.assertIn("1/3 suunnitellusta tapaamisesta käytetty", finnish)
        self.assertNotIn("Goal and results", finnish)

    def test_ending_offers_the_report(self):
        action = self.table.with_user(self.user_coordinator).action_end()
        self.assertEqual(self.table.state, "ended")
        self.assertEqual(action["res_model"], "kp.closing.report")
        wizard = self.env["kp.closing.report"].browse(action["res_id"])
        self.assertEqual(wizard.table_id, self.table)
        self.assertFalse(wizard.theme_id)
        # closing a theme offers the theme's report
        action = self.theme_coffee.with_user(self.user_coordinator).action_close()
        wizard = self.env["kp.closing.report"].browse(action["res_id"])
        self.assertEqual(wizard.theme_id, self.theme_coffee)

    def test_only_coordinators_and_managers(self):
        for user in (self.user_coordinator, self.user_manager):
            action = self.table.with_user(user).action_closing_report()
            self.assertEqual(action["res_model"], "kp.closing.report")
        with self.assertRaises(AccessError):
            self.table.with_user(self.user_participant).action_closing_report()
        report = self.env.ref("kumppanuuspoyta.kp_report_closing_table")
        self.assertIn(
            self.env.ref("kumppanuuspoyta.group_kp_coordinator"), report.group_ids
        )

    def test_pdf(self):
        action = self.table.with_user(self.user_coordinator).action_closing_report()
        wizard = (
            self.env["kp.closing.report"]
            .with_user(self.user_coordinator)
            .browse(action["res_id"])
        )
        print_action = wizard.action_print()
        self.assertEqual(
            print_action["report_name"],
            "kumppanuuspoyta.kp_report_closing_table_document",
        )
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "kumppanuuspoyta.kp_report_closing_table", self.table.ids
        )
        self.assertIn("Kahvihetki vakiintui", html.decode())
        self._serve_report_assets()
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "kumppanuuspoyta.kp_report_closing_theme", self.theme_coffee.ids
                )
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(
            self.theme_coffee._closing_report_filename(),
            "Closing report Kahvia ja kohtaamisia",
        )

    def _soup_and_socialising(self, *occurrences, held=None, **vals):
        """Toivakka's *Soppaa ja seurustelua* at the table, held on 12.3.2026
        on the association's turn with 23 visitors (and ``held``), and
        ``occurrences`` (values of more of its occurrences)."""
        activity = self.env["kp.joint.activity"].create(
            {"name": "Soppaa ja seurustelua", "table_id": self.table.id, **vals}
        )
        held = {
            "start": datetime(2026, 3, 12, 10, 0),
            "organisation_id": self.org_assoc.id,
            "state": "held",
            "visitors": 23,
            **(held or {}),
        }
        self.env["kp.activity.occurrence"].create(
            [{"activity_id": activity.id, **o} for o in (held, *occurrences)]
        )
        return activity

    def test_joint_activities_and_contributions_in_the_report(self):
        self._soup_and_socialising(
            place="Seurakuntatalo", held={"note": "Hernekeittoa ja pullaa"}
        )
        self._contributions(
            self.table,
            [
                (self.org_assoc, "volunteer_hours", {"quantity": 12.5}),
                (self.org_city, "money", {"amount": 1234.5}),
            ],
        )
        self.env["res.lang"]._activate_lang("fi_FI")
        wizard, _html = self._html(table=self.table)
        html = str(wizard.with_context(lang="fi_FI").report_html)
        # the occurrence: its day, responsible organisation, visitors, note
        self.assertRegex(
            html,
            r"(?s)Soppaa ja seurustelua.*Seurakuntatalo.*<td>12\.3\.2026</td>\s*"
            r"<td>Testikylien yhdistys ry</td>\s*<td>23</td>\s*"
            r"<td>Hernekeittoa ja pullaa</td>",
        )
        # what each organisation brought, in Finnish number formats
        self.assertRegex(
            html, r"(?s)Testikylien yhdistys ry</td>\s*<td>[^<]+</td>\s*<td>12,5 h<"
        )
        self.assertRegex(
            html, r"(?s)Testikaupunki</td>\s*<td>[^<]+</td>\s*<td>[^<\d]*1\s234,50"
        )
        # a theme's report shows only its own
        theme_data = self.env["kp.closing.report"]._report_data(self.theme_coffee)
        self.assertEqual(theme_data["joint_activities"], [])
        self.assertEqual(theme_data["contributions"], [])

    def test_planned_occurrences_are_not_listed_as_held(self):
        """A coming occurrence is not reported as held with 0 visitors: the
        held ones are listed with their visitors, the planned ones apart
        with their day and responsible organisation only, and the
        activity's visitors are the held ones'."""
        self.env["res.lang"]._activate_lang("fi_FI")
        coming = fields.Datetime.now() + timedelta(days=30)
        self._soup_and_socialising(
            {"start": coming, "organisation_id": self.org_city.id}
        )
        (data,) = self.table._closing_report_activities()
        self.assertEqual(data["visitors"], 23)
        self.assertEqual(
            [(row["organisation"], row["visitors"]) for row in data["occurrences"]],
            [("Testikylien yhdistys ry", 23)],
        )
        self.assertEqual(
            [row["organisation"] for row in data["planned"]], ["Testikaupunki"]
        )
        wizard, _html = self._html(table=self.table)
        html = str(wizard.with_context(lang="fi_FI").report_html)
        held = html.split("o_kp_closing_occurrences")[1].split("</table>")[0]
        self.assertIn("Testikylien yhdistys ry", held)
        self.assertNotIn("Testikaupunki", held, "not in the table of held ones")
        planned = html.split("o_kp_closing_planned")[1].split("</ul>")[0]
        day = self.table._to_local(coming).date()
        self.assertIn(f"{day.day}.{day.month}.{day.year}", planned)
        self.assertIn("Testikaupunki", planned)
        self.assertNotIn("<td>0</td>", html.split("o_kp_closing_activity")[1])

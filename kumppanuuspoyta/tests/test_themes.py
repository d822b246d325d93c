"""Themes until they have results (issue 11): planned meetings counted from
the agenda, results recorded on the theme, the warning when the meetings are
used without results, the theme on agreements, commitments, the agenda
e-mail, the minutes and the portal, and who may do what with themes."""

import html
import importlib.util
from datetime import timedelta
from pathlib import Path

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KpPortalCase
from .theme_common import KpThemeCommon


@tagged("post_install", "-at_install")
class TestThemes(KpThemeCommon):
    def test_meetings_used_are_counted_from_the_agenda(self):
        theme = self._theme(planned_meeting_count=2)
        self.assertEqual(theme.meetings_summary, "0 of 2 planned meetings used")
        held, _item = self._held_on(theme, hours=30)
        # a coming meeting and a cancelled one have not been used
        planned = self._meeting()
        self.env["kp.agenda.item"].create(
            {"meeting_id": planned.id, "name": "Aurausreitit", "theme_id": theme.id}
        )
        cancelled = self._meeting(start=self._start(days=9))
        self.env["kp.agenda.item"].create(
            {"meeting_id": cancelled.id, "name": "Avustukset", "theme_id": theme.id}
        )
        cancelled.action_cancel()
        self.assertEqual(theme.used_meeting_count, 1)
        self.assertEqual(theme.meeting_ids, held)
        self.assertEqual(theme.meetings_summary, "1 of 2 planned meetings used")
        self.assertFalse(theme.needs_results)
        self.assertFalse(self.table.needs_results_theme_ids)

        second, _item = self._held_on(theme, hours=5)
        self.assertEqual(theme.meetings_summary, "2 of 2 planned meetings used")
        self.assertTrue(theme.needs_results)
        self.assertEqual(self.table.needs_results_theme_ids, theme)
        # the Themes menu's filter finds such themes across tables
        other_table = self._table("Laajakaistapöytä")
        self._seat(other_table, self.person_official, [self.role_chair])
        fresh = self._theme("Laajakaista", table=other_table)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_theme_action"
        )
        self.assertEqual(action["res_model"], "kp.theme")
        found = self.env["kp.theme"].search([("needs_results", "=", True)])
        self.assertIn(theme, found)
        self.assertNotIn(fresh, found)

        # recorded results end the warning
        theme.results = "Aurausreitit sovittu kylien kanssa."
        theme.action_mark_results()
        self.assertEqual(theme.state, "results")
        self.assertTrue(theme.results_date)
        self.assertFalse(theme.needs_results)
        self.assertFalse(self.table.needs_results_theme_ids)
        self.assertEqual(second.table_id, self.table)

    def test_warning_on_the_table_form_and_kanban(self):
        theme = self._theme(planned_meeting_count=1)
        self._held_on(theme)
        for view in (
            "kumppanuuspoyta.kp_table_view_form",
            "kumppanuuspoyta.kp_table_view_kanban",
        ):
            arch = self.env.ref(view).arch
            self.assertIn("needs_results_theme_ids", arch, view)
        result = self.table.web_read(
            {"needs_results_theme_ids": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(
            [t["display_name"] for t in result[0]["needs_results_theme_ids"]],
            ["Kylätiet"],
        )

    def test_agreements_and_commitments_inherit_the_theme(self):
        theme = self._theme()
        meeting, item = self._held_on(theme)
        agreement = self._agree(
            meeting,
            "Tekninen toimi selvittää aurausreitit.",
            item,
            [{"name": "Kartoita reitit", "organisation_id": self.org_city.id}],
        )
        self.assertEqual(agreement.theme_id, theme)
        self.assertEqual(agreement.commitment_ids.theme_id, theme)
        # a commitment of no agreement gets a theme chosen by hand
        loose = self.env["kp.commitment"].create(
            {
                "table_id": self.table.id,
                "name": "Kysy kyliltä",
                "organisation_id": self.org_assoc.id,
                "theme_id": theme.id,
            }
        )
        self.assertEqual(loose.theme_id, theme)

    def test_results_are_needed_to_mark_results(self):
        theme = self._theme()
        with self.assertRaisesRegex(UserError, "Record what was achieved"):
            theme.action_mark_results()
        self.assertEqual(theme.state, "open")
        # the same refusal in Finnish
        with self.assertRaisesRegex(UserError, "Kirjaa, mitä teemassa"):
            theme.with_context(lang="fi_FI").action_mark_results()
        theme.write(
            {
                "results": "Talvikunnossapidon reitit sovittu.",
                "result_agreement_ids": [Command.set([])],
            }
        )
        theme.action_mark_results()
        action = theme.action_close()
        self.assertEqual(theme.state, "closed")
        self.assertTrue(theme.date_end)
        self.assertEqual(action["res_model"], "kp.closing.report")
        with self.assertRaisesRegex(UserError, "cannot move from Closed"):
            theme.action_mark_results()
        theme.action_reopen()
        self.assertEqual(theme.state, "open")
        # nor by a plain write
        with self.assertRaisesRegex(ValidationError, "Record what was achieved"):
            self._theme("Toinen").write({"state": "results", "results": "   "})

    def test_dropping_needs_a_reason(self):
        theme = self._theme()
        with self.assertRaisesRegex(UserError, "Tell why the theme is dropped"):
            theme.action_drop("  ")
        self.assertEqual(theme.state, "open")
        action = theme.action_open_drop_wizard()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = "Kaupunki otti asian hoitaakseen."
        report = wizard.save().action_drop()
        self.assertEqual(theme.state, "dropped")
        self.assertEqual(theme.drop_reason, "Kaupunki otti asian hoitaakseen.")
        self.assertEqual(report["res_model"], "kp.closing.report")
        with self.assertRaisesRegex(UserError, "cannot move from Dropped"):
            theme.action_close()
        with self.assertRaisesRegex(ValidationError, "Tell why the theme"):
            self._theme("Toinen").write({"state": "dropped"})

    def test_bad_input_is_refused(self):
        other_table = self._table("Toinen pöytä")
        other_theme = self._theme("Muu teema", table=other_table)
        for vals, message in (
            ({"planned_meeting_count": 0}, "at least one planned meeting"),
            ({"planned_meeting_count": 101}, "at most 100"),
            (
                {"date_start": "2030-05-01", "date_end": "2030-04-01"},
                "cannot end before it starts",
            ),
            ({"name": "<img src=x onerror=alert(1)>"}, "plain text"),
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self._theme(**vals)
        with self.assertRaisesRegex(ValidationError, "is not a theme of the table"):
            self.env["kp.agenda.item"].create(
                {
                    "meeting_id": self._meeting().id,
                    "name": "X",
                    "theme_id": other_theme.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "main theme"):
            self.table.main_theme_id = other_theme
        meeting, _item = self._held_on(self._theme())
        agreement = self._agree(meeting, "Sovittu.")
        with self.assertRaisesRegex(ValidationError, "of its own table"):
            other_theme.result_agreement_ids = agreement
        # in Finnish too
        with self.assertRaisesRegex(ValidationError, "vähintään yksi"):
            self.env["kp.theme"].with_context(lang="fi_FI").create(
                {"table_id": self.table.id, "name": "Y", "planned_meeting_count": 0}
            )

    def test_results_never_come_before_the_start(self):
        """Days to results are never negative: the start defaults to the
        table's today and cannot be after the results."""
        self._load_swedish()
        theme = self._theme("Kyläkyydit", results="Kyytirengas aloitti.")
        self.assertEqual(theme.date_start, self._today(self.table))
        theme.action_mark_results()
        self.assertEqual(theme.results_date, self._today(self.table))
        self.assertEqual(theme.days_to_results, 0)
        for lang, message in (
            ("en_US", "cannot have results before it starts"),
            ("fi_FI", "ei voi olla tuloksia ennen kuin se alkaa"),
            ("sv_SE", "kan inte ha resultat innan det börjar"),
        ):
            with (
                self.subTest(lang=lang),
                self.assertRaises(ValidationError) as caught,
            ):
                theme.with_context(lang=lang).date_start = (
                    theme.results_date + timedelta(days=1)
                )
            self.assertIn(message, str(caught.exception))
        self.assertEqual(theme.date_start, self._today(self.table), "unchanged")
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self._theme(
                "Laajakaista", date_start="2030-05-01", results_date="2030-04-01"
            )

    def test_upgrade_moves_the_start_before_the_results(self):
        """19.0.2.0.0 let a theme start after its results (the start was the
        day it was created): the upgrade starts it on the day of the first
        meeting that took it up, or on its results day."""
        met = self._theme("Kyläkyydit", results="Kyytirengas aloitti.")
        meeting, _item = self._held_on(met, hours=24 * 10)
        unmet = self._theme("Laajakaista", results="Valokuitu tuli kyliin.")
        (met | unmet).action_mark_results()
        today = self._today(self.table)
        results = today - timedelta(days=3)
        # as 19.0.2.0.0 stored them (no constraint then)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kp_theme SET date_start = %s, results_date = %s WHERE id IN %s",
            (today, results, (met | unmet)._ids),
        )
        self.env.invalidate_all()
        path = Path(__file__).parents[1] / "migrations/19.0.3.0.0/post-theme-start.py"
        spec = importlib.util.spec_from_file_location("kp_post_theme_start", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "19.0.2.0.0")
        first = self.table._to_local(meeting.start).date()
        self.assertEqual(met.date_start, first)
        self.assertEqual(met.days_to_results, (results - first).days)
        self.assertEqual(unmet.date_start, results)
        self.assertEqual(unmet.days_to_results, 0)
        # and they can be edited again
        met.description = "Kyydit kylistä kirkolle."

    def test_thematic_table_has_a_main_theme(self):
        thematic = self._table("Teemapöytä", kind="thematic")
        first = self._theme("Ikäihmisten hyvinvointi", table=thematic)
        self._theme("Yksinäisyys", table=thematic)
        self.assertEqual(thematic.main_theme_id, first)
        regional = self._table("Aluepöytä", kind="regional")
        roads = self._theme("Kylätiet", table=regional)
        broadband = self._theme("Laajakaista", table=regional)
        self.assertFalse(regional.main_theme_id)
        self.assertEqual(regional.theme_ids, roads | broadband)

    def test_themes_with_history_are_archived_not_deleted(self):
        theme = self._theme()
        self._held_on(theme)
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            theme.unlink()
        theme.active = False
        self.assertFalse(theme.active)
        # a theme made by mistake may go
        mistake = self._theme("Virhe")
        mistake.unlink()
        self.assertFalse(mistake.exists())

    def test_agenda_mail_and_minutes_show_the_theme(self):
        theme = self._theme("Kyläteiden talvikunnossapito")
        meeting = self._meeting(location="Kylätalo")
        self.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Aurausreitit", "theme_id": theme.id}
        )
        meeting.action_send_agenda()
        for partner in self.emailed.filtered("email"):
            mails = self._mails(partner).filtered(
                lambda m: "Aurausreitit" in m.body_html
            )
            self.assertEqual(len(mails), 1, partner.name)
            self.assertIn("Theme: Kyläteiden talvikunnossapito", mails.body_html)
        # the calendar event's agenda (the invitation and .ics) too
        self.assertIn("Kyläteiden talvikunnossapito", str(meeting.event_id.description))

        held, _item = self._held_on(theme, name="Talvikunnossapito")
        minutes_html = self._report_html(held)
        self.assertRegex(
            minutes_html,
            r"(?s)Talvikunnossapito</span></h4>\s*<p[^>]*o_kp_minutes_theme",
        )
        self.assertIn("Kyläteiden talvikunnossapito", minutes_html)

    def test_form_of_the_table_shows_its_themes(self):
        with Form(self.table) as form:
            with form.theme_ids.new() as theme:
                theme.name = "Laajakaista"
                theme.planned_meeting_count = 1
        theme = self.table.theme_ids.filtered(lambda t: t.name == "Laajakaista")
        self.assertEqual(theme.planned_meeting_count, 1)
        action = self.table.action_view_themes()
        self.assertEqual(self.env["kp.theme"].search(action["domain"]), theme)
        self.assertEqual(action["context"]["group_by"], "state")
        self.assertEqual(self.table.theme_count, 1)


@tagged("post_install", "-at_install")
class TestThemeAccess(KpThemeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_company()
        cls.theme = cls._theme()
        # a coordinator who does not sit at the table
        cls.user_outsider = cls._role_users("kp_th_out", ("coordinator",))[
            "coordinator"
        ]

    def test_participant_reads_but_does_not_change(self):
        theme = self.theme.with_user(self.user_participant)
        self.assertEqual(theme.name, "Kylätiet")
        with self.assertRaises(AccessError):
            theme.write({"results": "Kirjoitettu"})
        with self.assertRaises(AccessError):
            self.env["kp.theme"].with_user(self.user_participant).create(
                {"table_id": self.table.id, "name": "Uusi"}
            )

    def test_coordinator_manages_the_tables_they_coordinate(self):
        Theme = self.env["kp.theme"].with_user(self.user_coordinator)
        created = Theme.create({"table_id": self.table.id, "name": "Laajakaista"})
        created.write({"results": "Kyselyn tulokset saatu."})
        created.action_mark_results()
        self.assertEqual(created.state, "results")
        outsider = self.env["kp.theme"].with_user(self.user_outsider)
        self.assertFalse(outsider.search([("id", "=", self.theme.id)]))
        with self.assertRaises(AccessError):
            outsider.create({"table_id": self.table.id, "name": "Ei oma"})

    def test_manager_sees_all_of_their_municipality_only(self):
        Theme = self.env["kp.theme"].with_user(self.user_manager)
        self.assertIn(self.theme, Theme.search([]))
        Theme.browse(self.theme.id).write({"goal": "Kylätiet auki"})
        foreign = self._theme("Toisen kunnan teema", table=self.table_other)
        self.assertNotIn(foreign, Theme.search([]))
        other = self.env["kp.theme"].with_user(self.user_other)
        self.assertFalse(other.search([("id", "=", self.theme.id)]))
        with self.assertRaises(AccessError):
            other.browse(self.theme.id).read(["name"])


@tagged("post_install", "-at_install")
class TestThemeFormSpeed(KpThemeCommon):
    def _form_spec(self):
        views = self.env["kp.table"].get_views([(False, "form")])
        table_fields = views["models"]["kp.table"]["fields"]
        theme_fields = views["models"]["kp.theme"]["fields"]
        spec = {
            name: {"fields": {"display_name": {}}} if info.get("relation") else {}
            for name, info in table_fields.items()
            if info["type"] not in ("one2many", "many2many")
        }
        spec["needs_results_theme_ids"] = {"fields": {"display_name": {}}}
        spec["theme_ids"] = {
            "fields": {
                name: {"fields": {"display_name": {}}} if info.get("relation") else {}
                for name, info in theme_fields.items()
                if info["type"] not in ("one2many", "many2many")
            },
            "limit": 40,
        }
        return spec

    def test_table_form_is_flat_in_the_number_of_themes(self):
        table = self.table.with_user(self.user_coordinator)
        spec = self._form_spec()
        self.assertIn("meetings_summary", spec["theme_ids"]["fields"])
        queries = []
        for size in (2, 12):
            while len(self.table.theme_ids) < size:
                theme = self._theme(f"Teema {len(self.table.theme_ids)}")
                self._held_on(theme, hours=3 + len(self.table.theme_ids))
            for _warm in range(2):
                table.web_read(spec)
                self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = table.web_read(spec)
            queries.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(result[0]["theme_ids"]), size)
            self.assertTrue(
                all(
                    t["meetings_summary"] == "1 of 3 planned meetings used"
                    for t in result[0]["theme_ids"]
                )
            )
        self.assertEqual(
            queries[0], queries[1], f"queries at 2 and 12 themes: {queries}"
        )


@tagged("post_install", "-at_install")
class TestPortalThemes(KpPortalCase):
    sign_in = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Theme = cls.env["kp.theme"]
        cls.theme_a = Theme.create({"table_id": cls.table_a.id, "name": "Kylätiet"})
        cls.theme_done = Theme.create(
            {
                "table_id": cls.table_a.id,
                "name": "Kuntatiedote",
                "results": "Tiedote jaettiin joka talouteen.",
                "state": "results",
            }
        )
        cls.theme_b = Theme.create(
            {"table_id": cls.table_b.id, "name": "Beta-pöydän salainen teema"}
        )
        cls.meeting_a = cls._meeting_in(cls.table_a, 10, name="Kevään suunnittelu")
        cls.env["kp.agenda.item"].create(
            {
                "meeting_id": cls.meeting_a.id,
                "name": "Aurausreitit",
                "theme_id": cls.theme_a.id,
            }
        )

    def _propose(self, **data):
        return self.url_open(
            f"/my/kp/tables/{self.table_a.id}/propose",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def test_table_page_shows_themes_and_the_agenda_theme(self):
        page = self.url_open(f"/my/kp/tables/{self.table_a.id}").text
        self.assertIn("o_kp_portal_themes", page)
        self.assertIn("Kuntatiedote", page)
        self.assertIn("Tiedote jaettiin joka talouteen.", page)
        self.assertIn("Has Results", page)
        self.assertIn("0 of 3 planned meetings used", page)
        self.assertIn("Theme: Kylätiet", page)
        self.assertNotIn("Beta-pöydän salainen teema", page)
        # the portal user reads their table's themes, not the other table's
        Theme = self.env["kp.theme"].with_user(self.user_portal)
        self.assertEqual(Theme.search([]), self.theme_a | self.theme_done)
        with self.assertRaises(AccessError):
            Theme.browse(self.theme_b.id).read(["name"])
        with self.assertRaises(AccessError):
            Theme.browse(self.theme_a.id).write({"name": "Muutettu"})

    def test_propose_with_a_theme(self):
        response = self._propose(
            name="Tien varren valaistus", theme_id=str(self.theme_a.id)
        )
        self.assertEqual(response.status_code, 303)
        item = self.env["kp.agenda.item"].search(
            [("name", "=", "Tien varren valaistus")]
        )
        self.assertEqual(item.theme_id, self.theme_a)
        self.assertEqual(item.state, "proposed")

    def test_propose_with_a_theme_not_open_at_the_table_is_refused(self):
        for theme in (self.theme_b, self.theme_done):
            response = self._propose(name="Väärä teema", theme_id=str(theme.id))
            self.assertEqual(response.status_code, 200)
            self.assertIn(
                "Choose one of the table's open themes, or none.",
                html.unescape(response.text),
            )
        self.assertFalse(
            self.env["kp.agenda.item"].search([("name", "=", "Väärä teema")])
        )

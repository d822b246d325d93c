"""A theme's timeline (issue #23): its meetings, agreements, commitments
done, hand-offs and decisions, and its results, in the order of the table's
days, on the theme's form, in its closing report and on the portal's theme
page; in the reader's language; who may read it; a handful of queries
whatever the number of meetings."""

from contextlib import closing
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import KpPortalCase
from .decision_common import CASE, KpDecisionLinksCommon


@tagged("post_install", "-at_install")
class TestThemeTimeline(KpDecisionLinksCommon):
    def _kinds(self, theme=None):
        return [e["kind"] for e in (theme or self.theme)._kp_timeline()]

    def test_everything_that_happened_in_order(self):
        commitment = self.agreement.commitment_ids
        commitment.stage_id = self.stage_done
        day = self._decide()
        self.theme.results = "Kylätiet valaistaan."
        self.theme.action_mark_results()
        # the meeting two days ago, then today's: the work done, the matter
        # (sent today too), its decision, the results
        self.assertEqual(
            self._kinds(),
            ["meeting", "agreement", "commitment", "handoff", "decision", "results"],
        )
        entries = self.theme._kp_timeline()
        self.assertEqual([e["day"] for e in entries], sorted(e["day"] for e in entries))
        self.assertEqual(entries[0]["text"], self.first.name)
        for lang, line in self._lines(day).items():
            with self.subTest(lang=lang):
                html = (
                    self.theme.with_user(self.user_participant)
                    .with_context(lang=lang)
                    ._kp_timeline_html()
                )
                self.assertIn(line, html)
                self.assertIn("Valaistus viedään", html)
                self.assertIn("Valmistele esitys", html)
                self.assertIn(f"{day.day}.{day.month}.{day.year}", html)
        self.assertIn(
            "Päätös: Hyväksytty",
            self.theme.with_context(lang="fi_FI")._kp_timeline_html(),
        )
        self.assertIn(
            "Beslut: Godkänt",
            self.theme.with_context(lang="sv_SE")._kp_timeline_html(),
        )

    def test_the_form_shows_the_timeline_to_participants(self):
        self._decide()
        for user in (self.user_participant, self.user_coordinator, self.user_manager):
            with self.subTest(user=user.login):
                theme = self.theme.with_user(user).with_context(lang="fi_FI")
                data = theme.web_read({"timeline_html": {}})[0]
                self.assertIn("Päätöksenteossa: " + CASE, data["timeline_html"])
        view = self.env.ref("kumppanuuspoyta.kp_theme_view_form")
        self.assertIn('name="timeline_html"', view.arch)

    def test_a_pending_matter_shows_its_case_number(self):
        html = self.theme.with_context(lang="sv_SE")._kp_timeline_html()
        self.assertIn(f"I beslutsfattandet: {CASE}", html)
        self.handoff.action_withdraw()
        self.theme.invalidate_recordset()
        self.assertNotIn("handoff", self._kinds())

    def test_unapproved_agreements_wait_for_their_minutes(self):
        item = self._item(self.second)
        item.theme_id = self.theme
        self._agree(self.second, "Vielä luonnos.", item)
        texts = [e["text"] for e in self.theme._kp_timeline()]
        self.assertIn(self.second.name, texts, "the meeting was held")
        self.assertNotIn("Vielä luonnos.", texts)

    def test_the_day_is_the_tables_across_midnight(self):
        """Half an hour after midnight in Helsinki (22:30 UTC in winter, 21:30
        in summer, when it is still yesterday in UTC): the commitment done and
        the results recorded then are on the table's new day, after the
        meeting held that evening, and the theme's day is written as the
        table writes it. Everything happens at the frozen hour, as
        tests/test_clock.py does."""
        self.table.tz = "Europe/Helsinki"
        for label, instant in (
            ("winter", datetime(2026, 12, 6, 22, 30)),
            ("summer", datetime(2027, 6, 15, 21, 30)),
        ):
            with (
                self.subTest(at=label),
                freeze_time(instant),
                closing(self.env.cr.savepoint()),
            ):
                helsinki_day = self.table._to_local(instant).date()
                self.assertEqual(helsinki_day, instant.date() + timedelta(days=1))
                theme = self.env["kp.theme"].create(
                    {"table_id": self.table.id, "name": f"Ilta {label}"}
                )
                evening = instant - timedelta(hours=3)  # 21.30/22.30 in Helsinki
                meeting = self._meeting(
                    start=evening,
                    chair_id=self.seat_official.id,
                    secretary_id=self.seat_coordinator.id,
                )
                item = self.env["kp.agenda.item"].create(
                    {"meeting_id": meeting.id, "name": "Ilta", "theme_id": theme.id}
                )
                meeting.action_held()
                agreement = self._agree(
                    meeting,
                    "Valot sytytetään.",
                    item,
                    [{"name": "Sytytä valot", "organisation_id": self.org_city.id}],
                )
                agreement.commitment_ids.stage_id = self.stage_done
                theme.date_start = evening.date()
                theme.results = "Valot syttyivät."
                theme.action_mark_results()
                entries = theme._kp_timeline()
                self.assertEqual(
                    [e["kind"] for e in entries], ["meeting", "commitment", "results"]
                )
                self.assertEqual(entries[0]["day"], evening.date())
                self.assertEqual(entries[1]["day"], helsinki_day)
                self.assertEqual(entries[2]["day"], helsinki_day)
                self.assertIn(
                    f"<strong>{helsinki_day.day}.{helsinki_day.month}."
                    f"{helsinki_day.year}</strong>",
                    theme.with_context(lang="fi_FI")._kp_timeline_html(),
                )

    def test_queries_do_not_grow_with_the_meetings(self):
        def grow(count):
            for n in range(count):
                meeting = self._held_meeting(hours=60 + n, items=[f"Kohta {n}"])
                meeting.agenda_item_ids.theme_id = self.theme
                self._agree(meeting, f"Sovittu {n}.", meeting.agenda_item_ids)
                meeting.action_draft_minutes()
                meeting.with_user(self.user_coordinator).action_approve_minutes()

        def count():
            theme = self.theme.with_user(self.user_participant)
            # warm the caches (access rules, templates) as a second reading
            # of the page would find them
            for _warm in range(2):
                theme._kp_timeline_html()
                self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            theme._kp_timeline_html()
            return self.env.cr.sql_log_count - before

        grow(1)
        few = count()
        self.assertEqual(self._kinds().count("meeting"), 2)
        grow(8)
        self.assertEqual(self._kinds().count("meeting"), 10)
        many = count()
        self.assertGreater(few, 0, "the queries are counted")
        self.assertEqual(many, few, f"{few} queries for 2 meetings, {many} for 10")


@tagged("post_install", "-at_install")
class TestThemeTimelinePortal(KpPortalCase):
    """The portal's theme page: the timeline with the line back, in the
    participant's language; a theme of another table is not found."""

    sign_in = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_finnish()
        cls._load_swedish()
        env = cls.env
        cls.theme = env["kp.theme"].create(
            {"table_id": cls.table_a.id, "name": "Kylien valaistus"}
        )
        cls.theme_b = env["kp.theme"].create(
            {"table_id": cls.table_b.id, "name": "Beta-teema"}
        )
        cls.meeting = cls._meeting_in(cls.table_a, 9, location="Kirjasto")
        agreement = cls._held_agreement(cls.theme, 48, "Viedään.")
        held = agreement.meeting_id
        env.company.kp_registry_email = "kirjaamo@example.org"
        cls.handoff = env["kp.decision.handoff"].create(
            {"agreement_id": agreement.id, "addressee": "Kaupunginhallitus"}
        )
        cls.handoff.action_send()
        cls.handoff.case_number = CASE
        cls.day = held.table_id._today()
        cls.handoff.write({"decision_date": cls.day, "decision_section": "123"})
        cls.handoff.action_approve()

    @classmethod
    def _held_agreement(cls, theme, hours, text):
        """An agreement on ``theme`` in the approved minutes of a meeting
        held ``hours`` ago."""
        env = cls.env
        held = env["kp.meeting"].create(
            {
                "table_id": theme.table_id.id,
                "start": fields.Datetime.now().replace(minute=0, second=0)
                - timedelta(hours=hours),
            }
        )
        item = env["kp.agenda.item"].create(
            {"meeting_id": held.id, "name": text, "theme_id": theme.id}
        )
        held.action_held()
        agreement = env["kp.agreement"].create(
            {"meeting_id": held.id, "agenda_item_id": item.id, "name": text}
        )
        held.action_draft_minutes()
        held.action_approve_minutes()
        return agreement

    def test_theme_page_queries_do_not_grow(self):
        self._login_portal("fi_FI")
        url = f"/my/kp/themes/{self.theme.id}"
        few = self._page_queries(url)[0]
        for n in range(8):
            self._held_agreement(self.theme, 60 + n, f"Sovittu {n}.")
        self.assertEqual(self.theme._kp_timeline()[0]["kind"], "meeting")
        many = self._page_queries(url)[0]
        self.assertIn("Sovittu 7.", self.url_open(url).text)
        self.assertEqual(many, few, f"{few} queries for 1 meeting, {many} for 9")

    def _page(self, url, lang):
        self._login_portal(lang)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_theme_page_tells_the_decision(self):
        day = f"{self.day.day}.{self.day.month}.{self.day.year}"
        for lang, line in (
            ("fi_FI", f"Päätöksenteossa: {CASE} – päätetty {day} § 123"),
            ("sv_SE", f"I beslutsfattandet: {CASE} – beslutat {day} § 123"),
        ):
            with self.subTest(lang=lang):
                page = self._page(f"/my/kp/themes/{self.theme.id}", lang)
                self.assertIn(line, page)
                self.assertIn("Viedään.", page)
                table = self._page(f"/my/kp/tables/{self.table_a.id}", lang)
                self.assertIn(f"/my/kp/themes/{self.theme.id}", table)
                # the next meeting reviews the earlier agreements
                self.assertIn(line, table)

    def test_theme_of_another_table_not_found(self):
        response = self.url_open(f"/my/kp/themes/{self.theme_b.id}")
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/my/kp/themes/999999999")
        self.assertEqual(response.status_code, 404)

"""Every rendered text read as a person reads it (issue #20): the agenda,
invitation, minutes and reminder e-mails as Odoo queues them, the minutes
and closing-report PDFs as ``pdftotext`` reads them, and the portal's pages,
in Finnish and Swedish, through the one checker of tests/reading.py."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import Form, TransactionCase, freeze_time, tagged
from odoo.tools import html2plaintext

from .common import KpMinutesCommon, KpPortalCase
from .reading import ReadingChecks, findings, pdf_text, text_lines
from .reading_common import ReadingFixtures

LANGS = ("fi_FI", "sv_SE")


@tagged("post_install", "-at_install")
class TestReadingChecker(TransactionCase):
    """The checker finds what main showed (issue #20, points 4 and 15)."""

    def test_run_on_list_of_earlier_commitments(self):
        # the review item of an agenda: its lines joined with newlines in HTML
        agenda = (
            "<ol><li><strong>Aiempien tehtävien läpikäynti</strong> (10 min)<br>"
            "<small>Lukupiiri — Keuruun kirjasto, 30.11.2026 mennessä\n"
            "Kahvia ja kohtaamisia: lukupiiri — Seurakunta, 7.12.2026 mennessä"
            "</small></li></ol>"
        )
        self.assertTrue(any("run-on" in f for f in findings(agenda, "fi_FI")))
        # the same entries as a list read well
        listed = (
            "<ol><li>Aiempien tehtävien läpikäynti<ul>"
            "<li>Lukupiiri — Keuruun kirjasto, 30.11.2026 mennessä</li>"
            "<li>Lukupiiri — Seurakunta, 7.12.2026 mennessä</li></ul></li></ol>"
        )
        self.assertEqual(findings(listed, "fi_FI"), [])

    def test_raw_values(self):
        for text, what in (
            ("Panoksen määrä ei voi olla negatiivinen (-5.0).", "float"),
            ("Määräaika (01.01.2020) on ennen tapaamista.", "zero-padded"),
            ("Ei mitään → 2026-12-06 01:11:34", "ISO"),
            ("Vastuuhenkilö: False", "False"),
            ("Panokset: $ 145,50", "dollar"),
        ):
            with self.subTest(text=text):
                found = findings(text, "fi_FI", "EUR")
                self.assertTrue(any(what in f for f in found), found)
        # people write these
        self.assertEqual(
            findings("<p>ti 8.12.2026 klo 9.00–10.30</p><p>1.1.2020, -5, 1,5 h</p>"),
            [],
        )
        self.assertEqual(findings("Amount: $ 145.50", "en_US", "USD"), [])
        # a meeting past midnight is one range, two entries are not
        self.assertEqual(
            findings("<p>la 5.12.2026 klo 23.00–su 6.12.2026 klo 0.30</p>"), []
        )
        self.assertTrue(findings("<p>la 5.12.2026 klo 23.00 su 6.12.2026 klo 0.30</p>"))

    def test_english_in_a_finnish_or_swedish_text(self):
        for lang in LANGS:
            found = findings("<p>Hello Virpi,</p><p>Agenda</p>", lang)
            self.assertEqual(len(found), 2, found)
        self.assertEqual(findings("<p>Hello Virpi,</p>", "en_US"), [])

    def test_html_lines_as_a_browser_lays_them_out(self):
        self.assertEqual(
            text_lines("<p>Yksi\n   rivi</p><ul><li>a</li><li>b</li></ul>x<br>y"),
            ["Yksi rivi", "a", "b", "x", "y"],
        )


@tagged("post_install", "-at_install")
class TestReadingMails(ReadingFixtures, KpMinutesCommon):
    """The e-mails as Odoo queues them (mail.mail's body), in the
    recipient's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reading()
        cls.earlier = cls._earlier_meeting()

    def _mail(self, partner, subject):
        mails = self._mails(partner, subject)
        self.assertTrue(mails, f"no e-mail {subject!r} to {partner.name}")
        return mails[-1]

    def test_agenda_and_invitation(self):
        meeting = self._meeting(location="Keuruun kirjasto")
        review = meeting.agenda_item_ids.filtered(lambda i: i.sequence == 5)
        self.assertTrue(review, "the earlier commitments come back for review")
        self.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Kunnantiedote", "sequence": 20}
        )
        for lang, partner in self.reader.items():
            with self.subTest(lang=lang, mail="invitation"):
                invitation = self._invitations(partner)
                self.assertTrue(invitation)
                self.assertReadsWell(
                    invitation[-1].body_html, lang, self._currency(), "invitation"
                )
        meeting.action_send_agenda()
        for lang, subject in (("fi_FI", "Asialista"), ("sv_SE", "Föredragningslista")):
            with self.subTest(lang=lang, mail="agenda"):
                mail = self._mail(self.reader[lang], subject)
                self.assertReadsWell(mail.body_html, lang, self._currency(), "agenda")
                lines = text_lines(mail.body_html)
                for name in ("Varaa lukupiirille tila", "Kerää lukupiirin kirjat"):
                    self.assertEqual(
                        len([line for line in lines if name in line]), 1, lines
                    )
        # the calendar event carries the agenda as plain text: a line each
        plain = html2plaintext(meeting.event_id.description)
        lines = [line for line in plain.splitlines() if "lukupiiri" in line]
        self.assertEqual(len(lines), 2, plain)
        self.assertReadsWell(meeting._agenda_html(), "fi_FI", where="the preview")

    def test_minutes(self):
        meeting = self._held_meeting(hours=5, items=["Kevään vastuut"])
        self._meeting(location="Keuruun kirjasto")
        self._agree(
            meeting,
            "Sydänyhdistys vastaa huhtikuun kerrasta.",
            meeting.agenda_item_ids.filtered(lambda i: i.name == "Kevään vastuut"),
            [
                {
                    "name": "Varaa Ystäväntupa",
                    "organisation_id": self.org_assoc.id,
                    "deadline": fields.Date.today() + timedelta(days=20),
                }
            ],
        )
        meeting.action_draft_minutes()
        meeting.with_user(self.user_coordinator).with_context(
            lang="fi_FI"
        ).action_approve_minutes()
        action = meeting.with_user(self.user_coordinator).action_distribute_minutes()
        with self.allow_pdf_render():
            composer = Form(
                self.env["mail.compose.message"]
                .with_user(self.user_coordinator)
                .with_context(action["context"], force_report_rendering=False)
            )
            composer.save().action_send_mail()
        for lang, partner in self.reader.items():
            with self.subTest(lang=lang):
                mails = self._mails(partner).filtered(
                    lambda m: m.model == "kp.meeting" and m.res_id == meeting.id
                )
                self.assertTrue(mails, partner.name)
                self.assertReadsWell(
                    mails[-1].body_html, lang, self._currency(), "minutes e-mail"
                )

    def test_commitment_reminders(self):
        Commitment = self.env["kp.commitment"]
        year = fields.Date.today().year + 2
        for lang, partner in self.reader.items():
            Commitment.create(
                {
                    "table_id": self.table.id,
                    "name": f"Tiedote ({lang})",
                    "organisation_id": partner.parent_id.id,
                    "responsible_partner_id": partner.id,
                    "deadline": date(year, 3, 5),
                }
            )
        for day, subject in (
            (date(year, 3, 3), ("Muistutus", "Påminnelse")),
            (date(year, 3, 9), ("Myöhässä", "Försenat")),
        ):
            with freeze_time(f"{day} 06:00:00"):
                Commitment._cron_send_reminders()
            for (lang, partner), word in zip(self.reader.items(), subject, strict=True):
                with self.subTest(lang=lang, day=day):
                    mail = self._mail(partner, word)
                    self.assertReadsWell(
                        f"<p>{mail.subject}</p>{mail.body_html}",
                        lang,
                        self._currency(),
                        "reminder",
                    )


@tagged("post_install", "-at_install")
class TestReadingTurnReminder(ReadingFixtures, KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reading()

    def test_turn_reminder(self):
        activity = self.env["kp.joint.activity"].create(
            {
                "name": "Kahvia ja kohtaamisia",
                "table_id": self.table.id,
                "place": "Kirjaston Salonki",
                "roster_ids": [
                    Command.create({"organisation_id": self.org_city.id}),
                    Command.create({"organisation_id": self.org_assoc.id}),
                ],
            }
        )
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        for days, partner in enumerate(self.reader.values(), start=1):
            self.env["kp.activity.occurrence"].create(
                {
                    "activity_id": activity.id,
                    "start": start + timedelta(days=days),
                    "organisation_id": partner.parent_id.id,
                    "contact_partner_id": partner.id,
                }
            )
        self.env["kp.activity.occurrence"]._cron_send_turn_reminders()
        for lang, partner in self.reader.items():
            with self.subTest(lang=lang):
                mail = self._mails(partner)[-1:]
                self.assertTrue(mail, partner.name)
                self.assertReadsWell(
                    f"<p>{mail.subject}</p>{mail.body_html}",
                    lang,
                    self._currency(),
                    "turn reminder",
                )


@tagged("post_install", "-at_install")
class TestReadingPdfs(ReadingFixtures, KpMinutesCommon):
    """The minutes and the closing report as real PDFs, read by pdftotext."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reading()
        cls.earlier = cls._earlier_meeting()

    def _pdf(self, report, records, lang):
        self._serve_report_assets()
        with self.allow_pdf_render():
            pdf, _type = (
                self.env["ir.actions.report"]
                .with_context(lang=lang, force_report_rendering=True)
                ._render_qweb_pdf(report, records.ids)
            )
        return pdf_text(pdf)

    def test_minutes_pdf(self):
        meeting = self._held_meeting(hours=5, items=["Lukupiirin tilanne"])
        self._meeting(location="Keuruun kirjasto")
        item = meeting.agenda_item_ids.filtered(
            lambda i: i.name == "Lukupiirin tilanne"
        )
        item.discussion = "Kirjasto kertoi tilasta.\nSeurakunta kertoi kirjoista."
        self._agree(meeting, "Lukupiiri jatkuu.", item)
        meeting.action_draft_minutes()
        for lang in LANGS:
            with self.subTest(lang=lang):
                text = self._pdf("kumppanuuspoyta.kp_report_minutes", meeting, lang)
                self.assertIn("Varaa lukupiirille tila", text)
                self.assertReadsWell(text, lang, self._currency(), "minutes PDF")

    def test_closing_report_pdf(self):
        self.earlier.action_draft_minutes()
        for lang in LANGS:
            with self.subTest(lang=lang):
                text = self._pdf(
                    "kumppanuuspoyta.kp_report_closing_table", self.table, lang
                )
                self.assertIn(self.table.name, text)
                self.assertReadsWell(text, lang, self._currency(), "closing report")


@tagged("post_install", "-at_install")
class TestReadingPortal(KpPortalCase, ReadingChecks):
    """The portal's pages in Finnish and Swedish."""

    sign_in = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_swedish()
        cls.env.ref("base.EUR").active = True
        cls.env.company.currency_id = cls.env.ref("base.EUR")
        year = fields.Date.today().year + 1
        cls.commitment_mine.deadline = date(year, 1, 7)
        cls.commitment_other.deadline = date(year, 11, 30)
        cls.env = cls.env(context=dict(cls.env.context, lang="fi_FI"))
        cls.meeting = cls._meeting_in(cls.table_a, 9, location="Kirjasto")
        cls.minutes = cls._approved_minutes(cls.table_a, "Sovittiin lukupiiristä.")

    def _page(self, url, lang):
        self._login_portal(lang)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_pages(self):
        for lang in LANGS:
            for url in (
                f"/my/kp/tables/{self.table_a.id}",
                "/my/kp/commitments",
                f"/my/kp/commitments/{self.commitment_mine.id}",
                "/my/kp/commitments/summary",
                "/my/kp/proposals",
                self.minutes.get_portal_url(),
            ):
                with self.subTest(lang=lang, url=url):
                    page = self._page(url, lang)
                    main = page.split("<main", 1)[-1].split("</main>", 1)[0]
                    self.assertReadsWell("<main" + main, lang, "EUR", f"the page {url}")

import re

from odoo.tests import TransactionCase, tagged

from .common import load_language
from .terms import DISTINCT_CONCEPTS, TermsChecks


@tagged("post_install", "-at_install")
class TestSwedishTerms(TermsChecks, TransactionCase):
    """One Swedish term per concept, as test_finnish_terms for Finnish."""

    LANG = "sv_SE"
    # in Swedish, also the joint activity is not Odoo's activity
    DISTINCT = [*DISTINCT_CONCEPTS, ("Joint activity", "Activities")]
    # Odoo's Swedish for mail.activity (addons/mail/i18n/sv.po): ours are
    # commitments (åtagande) and joint activity (gemensam verksamhet)
    ACTIVITIES = "Aktiviteter"
    ACTIVITY_WORD = re.compile(r"aktivitet", re.IGNORECASE)
    # Odoo's words our terms share because they mean the same (glossary)
    SAME_CONCEPT = {
        "Participant": {"Attendee", "Attendees", "Participants", "attendees"},
        "Participants": {"Attendee", "Attendees", "Participant", "attendees"},
        "Participant Count": {"Attendees Count"},
        "Current Participants": {"Current Attendee"},
        "Attendance": {"Presence"},
        # mail.activity.mixin's own label on our models; Odoo's project
        # translates its tasks with the same word
        "Activities": {"Tasks"},
    }
    LOADED = {
        "kp.commitment": "Åtagande",
        "company_id": "Kommun",
        "kumppanuuspoyta.kp_sector_business": "Näringsliv",
        "kumppanuuspoyta.kp_sector_wellbeing_county": (
            "Välfärdsområde (social- och hälsovård)"
        ),
    }

    def test_one_word_per_concept(self):
        """The glossary's words are used throughout, not their synonyms."""
        synonyms = {
            # Odoo's attendee is Deltagare too: one word for who sits there
            r"\bbordsdeltagare|medverkande\b": "deltagare",
            r"\bdagordning": "föredragningslista",
            r"\bprotokoll": "minnesanteckningar",
            r"\bavtal\b|\bavtalet\b": "överenskommelse",
            r"\buppgift(?:er)?\b|\buppdrag": "åtagande",
            r"\bsammanträde": "möte",
            r"\bpartnerbord|\bsamarbetsbord": "partnerskapsbord",
            r"\bfas\b|\bstadium": "skede",
        }
        for pattern, word in synonyms.items():
            with self.subTest(word=word):
                used = [e.msgid for e in self.po if re.search(pattern, e.msgstr, re.I)]
                self.assertEqual(used, [], f"use {word!r}")

    def test_terms_in_sentences(self):
        chair = next(m for m in self.by_msgid if m.startswith("The %(role)s"))
        self.assertEqual(
            self.by_msgid[chair],
            "Mötets %(role)s ska väljas bland deltagarna vid bordet %(table)s: "
            "%(person)s är inte deltagare vid bordet.",
        )
        # the roles filled into it read in the sentence's Swedish
        self.assertEqual(self.by_msgid["chair"], "ordförande")
        self.assertEqual(self.by_msgid["secretary"], "sekreterare")

    def test_the_agenda_template_in_swedish(self):
        load_language(self.env, "sv_SE")
        sv = self.env(context={"lang": "sv_SE"})
        self.assertTrue(
            sv.ref("kumppanuuspoyta.kp_mail_template_agenda").subject.startswith(
                "Föredragningslista: "
            )
        )

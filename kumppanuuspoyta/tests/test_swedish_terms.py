import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

from .common import load_language

SV_PO = Path(__file__).parent.parent / "i18n" / "sv.po"

# The Swedish column of README.md's glossary: each English term, as a whole
# msgid, has this one Swedish translation (Finland-Swedish administrative
# usage of a bilingual municipality).
GLOSSARY = {
    "Partnership Table": "Partnerskapsbord",
    "Participant": "Deltagare",
    "Organisation": "Organisation",
    "Sector": "Sektor",
    "Meeting": "Möte",
    "Agenda": "Föredragningslista",
    "Agenda Item": "Ärende på föredragningslistan",
    "Standing Item": "Stående ärende",
    "Proposals": "Förslag",
    "Minutes": "Minnesanteckningar",
    "Agreement": "Överenskommelse",
    "What Was Agreed": "Det som överenskoms",
    "Commitment": "Åtagande",
    "Commitments": "Åtaganden",
    "Theme": "Tema",
    "Joint activity": "Gemensam verksamhet",
    "Company": "Kommun",
    "Municipality": "Kommun",
    "Business": "Företag",
    "Wellbeing services county (social and health)": (
        "Välfärdsområde (social- och hälsovård)"
    ),
    "Open": "Öppet",
    "Open the Table": "Öppna bordet",
    "Joined": "Anslöt sig",
    "Mark as Joined": "Markera som ansluten",
    "Leave the Table": "Avsluta deltagandet",
    "Left": "Lämnade bordet",
    "Source": "Ärendets ursprung",
    "End the Table": "Avsluta bordets verksamhet",
    "Close and Draft Minutes": "Avsluta mötet och skriv minnesanteckningar",
    "Distribute Minutes": "Skicka minnesanteckningarna till deltagarna",
    "Share": "Dela",
    "Decline Proposal": "Lämna utanför föredragningslistan",
    "Declined": "Lämnat utanför föredragningslistan",
    "Cancel Meeting": "Ställ in mötet",
    "Convener": "Sammankallare",
    "Chair": "Ordförande",
    "Secretary": "Sekreterare",
    "Deadline": "Tidsfrist",
    "Stage": "Skede",
}

# concepts that must not read the same in Swedish: the msgids of each pair
# share no word of their translations
DISTINCT = [
    ("Leave the Table", "Source"),
    ("Distribute Minutes", "Share"),
    ("Decline Proposal", "Discard"),
    ("Company", "Business"),
    ("Open", "Open the Table"),
    ("Commitments", "Activities"),
    ("Joint activity", "Activities"),
]

# Odoo's Swedish for mail.activity (addons/mail/i18n/sv.po): ours are
# commitments (åtagande) and joint activity (gemensam verksamhet)
ACTIVITY_WORD = re.compile(r"aktivitet", re.IGNORECASE)
ACTIVITY_MSGID = re.compile(r"activit", re.IGNORECASE)


@tagged("post_install", "-at_install")
class TestSwedishTerms(TransactionCase):
    """One Swedish term per concept, as test_finnish_terms for Finnish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = [e for e in polib.pofile(str(SV_PO)) if not e.obsolete]
        cls.by_msgid = {e.msgid: e.msgstr for e in cls.po}

    def _words(self, text):
        return set(re.findall(r"\w+", text.lower()))

    def test_glossary_terms(self):
        for english, swedish in GLOSSARY.items():
            with self.subTest(english=english):
                self.assertIn(english, self.by_msgid)
                self.assertEqual(self.by_msgid[english], swedish)

    def test_distinct_concepts_distinct_words(self):
        for one, other in DISTINCT:
            with self.subTest(one=one, other=other):
                if other == "Activities":
                    # Odoo's word, on our models through mail.activity.mixin
                    self.assertEqual(self.by_msgid[other], "Aktiviteter")
                shared = self._words(self.by_msgid[one]) & self._words(
                    self.by_msgid[other]
                )
                self.assertFalse(shared, f"{one!r} and {other!r} share {shared}")

    def test_aktivitet_only_for_odoo_activities(self):
        """A commitment or joint activity is never an aktivitet: that is
        Odoo's activity."""
        wrong = [
            e.msgid
            for e in self.po
            if ACTIVITY_WORD.search(e.msgstr) and not ACTIVITY_MSGID.search(e.msgid)
        ]
        self.assertEqual(wrong, [])

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

    def test_terms_loaded_in_the_database(self):
        # a database created without Swedish (Odoo's runner) loads it here
        load_language(self.env, "sv_SE")
        sv = self.env(context={"lang": "sv_SE"})
        self.assertEqual(sv["ir.model"]._get("kp.commitment").name, "Åtagande")
        self.assertEqual(
            sv["kp.table"]._fields["company_id"]._description_string(sv), "Kommun"
        )
        self.assertEqual(sv.ref("kumppanuuspoyta.kp_sector_business").name, "Företag")
        self.assertEqual(
            sv.ref("kumppanuuspoyta.kp_sector_wellbeing_county").name,
            "Välfärdsområde (social- och hälsovård)",
        )
        self.assertTrue(
            sv.ref("kumppanuuspoyta.kp_mail_template_agenda").subject.startswith(
                "Föredragningslista: "
            )
        )

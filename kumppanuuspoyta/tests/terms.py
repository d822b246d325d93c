"""The checks of one language's terms, shared by test_finnish_terms and
test_swedish_terms: each language states its glossary, the concepts that
must read differently and Odoo's own word for an activity; the checks are
the same for every language."""

import re
from pathlib import Path

import polib

from odoo.modules.module import get_module_path

from .common import load_language

I18N = Path(__file__).parent.parent / "i18n"
# the apps whose words a user of ours meets beside ours (issue #19)
ODOO_APPS = ("project", "calendar", "mail", "contacts", "hr")
# a msgid of a few words naming one of our concepts is one of our terms
CONCEPT = re.compile(
    r"\b(?:tables?|participant|member|seat|meeting|agenda|item|proposal|minutes|"
    r"agreement|commitment|deadline|stage|theme|activit|occurrence|turn|"
    r"contribution|organisation|sector|municipalit|business|convener|chair|"
    r"secretary|reminder|attendance|coordinator|company)",
    re.IGNORECASE,
)
TERM_WORDS = 4
# The glossary (docs/glossary.md): each English term, as a whole msgid, and
# its one Finnish and one Swedish translation (Finland-Swedish administrative
# usage of a bilingual municipality); None: not checked in that language.
GLOSSARY = {
    "Partnership Table": ("Kumppanuuspöytä", "Partnerskapsbord"),
    "Participant": ("Osallistuja", "Deltagare"),
    "Organisation": (None, "Organisation"),
    "Sector": (None, "Sektor"),
    "Meeting": ("Tapaaminen", "Möte"),
    "Agenda": ("Asialista", "Föredragningslista"),
    "Agenda Item": (None, "Ärende på föredragningslistan"),
    "Standing Item": (None, "Stående ärende"),
    "Proposals": (None, "Förslag"),
    "Minutes": ("Muistio", "Minnesanteckningar"),
    "Agreement": ("Sovittu asia", "Överenskommelse"),
    "What Was Agreed": (None, "Det som överenskoms"),
    "Commitment": ("Sovittu tehtävä", "Åtagande"),
    "Commitments": ("Sovitut tehtävät", "Åtaganden"),
    "Theme": (None, "Tema"),
    "Joint activity": (None, "Gemensam verksamhet"),
    "Company": ("Kunta", "Kommun"),
    "Municipality": ("Kunta", "Kommun"),
    "Business": ("Elinkeinoelämä", "Näringsliv"),
    "Wellbeing services county (social and health)": (
        None,
        "Välfärdsområde (social- och hälsovård)",
    ),
    "Open": ("Avoin", "Öppet"),
    "Open the Table": ("Avaa pöytä", "Öppna bordet"),
    "Joined": ("Liittymispäivä", "Anslöt sig"),
    "Mark as Joined": ("Merkitse liittyneeksi", "Markera som ansluten"),
    "Leave the Table": ("Lopeta osallistuminen", "Avsluta deltagandet"),
    "Left": ("Lähtenyt", "Lämnade bordet"),
    "Source": ("Aloitteen lähde", "Ärendets ursprung"),
    "End the Table": ("Lopeta pöydän toiminta", "Avsluta bordets verksamhet"),
    "Close and Draft Minutes": (
        "Päätä tapaaminen ja laadi muistio",
        "Avsluta mötet och skriv minnesanteckningar",
    ),
    "Distribute Minutes": (
        "Lähetä muistio osallistujille",
        "Skicka minnesanteckningarna till deltagarna",
    ),
    "Share": ("Jaa", "Dela"),
    "Decline Proposal": ("Jätä pois asialistalta", "Lämna utanför föredragningslistan"),
    "Declined": ("Jätetty pois asialistalta", "Lämnat utanför föredragningslistan"),
    # what became of a proposal or a matter, told to whoever raised it
    "Answer": ("Vastaus", "Svar"),
    "Not Taken": ("Ei otettu käsittelyyn", "Inte upptaget"),
    "Contact Person": ("Yhteyshenkilö", "Kontaktperson"),
    "Cancel Meeting": (None, "Ställ in mötet"),
    "Convener": ("Koollekutsuja", "Sammankallare"),
    "Chair": ("Puheenjohtaja", "Ordförande"),
    "Secretary": ("Sihteeri", "Sekreterare"),
    "Deadline": (None, "Tidsfrist"),
    "Stage": (None, "Skede"),
    "Open the Commitment": ("Avaa sovittu tehtävä", None),
    "Hand-off for Decision": (
        "Päätettäväksi lähetetty asia",
        "Överlämnande för beslut",
    ),
    "Case Number": ("Diaarinumero", "Diarienummer"),
    "Registry": ("Kirjaamo", "Registratorskontor"),
}
# concepts that must not read the same in any language (one word, two
# meanings): the msgids of each pair share no word of their translations
DISTINCT_CONCEPTS = [
    ("Leave the Table", "Source"),
    ("Distribute Minutes", "Share"),
    ("Decline Proposal", "Discard"),
    ("Company", "Business"),
    ("Open", "Open the Table"),
    ("Commitments", "Activities"),
]


class TermsChecks:
    """Mixed into a TransactionCase with the language's data:

    - ``LANG``: the language code (``fi_FI``), its .po file is ``i18n/<fi>.po``;
    - ``DISTINCT``: msgid pairs whose translations share no word (those of
      every language, ``DISTINCT_CONCEPTS``, and the language's own);
    - ``ACTIVITIES``: Odoo's translation of "Activities" (mail.activity);
    - ``ACTIVITY_WORD``: the stem of Odoo's word for an activity, which no
      msgid but Odoo's activity ones (``ACTIVITY_MSGID``) may use;
    - ``LOADED``: {model or xmlid: translation} read from the database after
      the language is loaded;
    - ``SAME_CONCEPT``: {our msgid: Odoo's msgids} that Odoo's own .po of
      ``ODOO_APPS`` translates with the same word because they mean the same
      thing (our participant is calendar's attendee)."""

    # Odoo's runner runs only the test methods a class defines itself
    # (odoo/tests/loader.py) unless the class allows inherited ones
    allow_inherited_tests_method = True
    LANG = None
    DISTINCT = DISTINCT_CONCEPTS
    ACTIVITIES = None
    ACTIVITY_WORD = None
    ACTIVITY_MSGID = re.compile(r"activit", re.IGNORECASE)
    LOADED = {}
    SAME_CONCEPT = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        po = I18N / f"{cls.LANG.split('_')[0]}.po"
        cls.po = [e for e in polib.pofile(str(po)) if not e.obsolete]
        cls.by_msgid = {e.msgid: e.msgstr for e in cls.po}

    def _odoo_terms(self):
        """{translation (lowercase): {(app, msgid)}} of Odoo's own .po files
        of ODOO_APPS in this language, from the addons path (CI has Odoo's
        source)."""
        terms = {}
        for app in ODOO_APPS:
            path = Path(get_module_path(app)) / "i18n" / f"{self.LANG.split('_')[0]}.po"
            self.assertTrue(path.exists(), path)
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.obsolete:
                    key = entry.msgstr.strip().lower()
                    terms.setdefault(key, set()).add((app, entry.msgid))
        return terms

    def test_no_term_is_odoos_word_for_another_concept(self):
        """None of our terms (a label naming one of our concepts) reads as
        the word Odoo's project, calendar, mail, contacts or hr uses for
        something else: a commitment is not project's task, the Business
        sector is not Odoo's company."""
        odoo = self._odoo_terms()
        wrong = []
        for entry in self.po:
            if len(entry.msgid.split()) > TERM_WORDS or not CONCEPT.search(entry.msgid):
                continue
            theirs = {
                (app, msgid)
                for app, msgid in odoo.get(entry.msgstr.strip().lower(), ())
                if msgid.strip().lower() != entry.msgid.strip().lower()
                and msgid not in self.SAME_CONCEPT.get(entry.msgid, ())
            }
            if theirs:
                wrong.append((entry.msgid, entry.msgstr, sorted(theirs)))
        self.assertEqual(wrong, [])

    def _words(self, text):
        return set(re.findall(r"\w+", text.lower()))

    def test_glossary_terms(self):
        column = ("fi_FI", "sv_SE").index(self.LANG)
        for english, translations in GLOSSARY.items():
            translation = translations[column]
            if translation is None:
                continue
            with self.subTest(english=english):
                self.assertIn(english, self.by_msgid)
                self.assertEqual(self.by_msgid[english], translation)

    def test_distinct_concepts_distinct_words(self):
        for one, other in self.DISTINCT:
            with self.subTest(one=one, other=other):
                if other == "Activities":
                    # Odoo's word, on our models through mail.activity.mixin
                    self.assertEqual(self.by_msgid[other], self.ACTIVITIES)
                shared = self._words(self.by_msgid[one]) & self._words(
                    self.by_msgid[other]
                )
                self.assertFalse(shared, f"{one!r} and {other!r} share {shared}")

    def test_activity_word_only_for_odoo_activities(self):
        """A commitment or a joint activity is never called by Odoo's word
        for an activity."""
        wrong = [
            e.msgid
            for e in self.po
            if self.ACTIVITY_WORD.search(e.msgstr)
            and not self.ACTIVITY_MSGID.search(e.msgid)
            # whole e-mail bodies are reworded with the templates themselves
            and not any("body_html" in o[0] for o in e.occurrences)
        ]
        self.assertEqual(wrong, [])

    def test_terms_loaded_in_the_database(self):
        # a database created without the language (Odoo's runner) loads it here
        load_language(self.env, self.LANG)
        env = self.env(context={"lang": self.LANG})
        for key, translation in self.LOADED.items():
            with self.subTest(key=key):
                if key.startswith("kp."):
                    value = env["ir.model"]._get(key).name
                elif "." in key:
                    value = env.ref(key).name
                else:
                    value = env["kp.table"]._fields[key]._description_string(env)
                self.assertEqual(value, translation)

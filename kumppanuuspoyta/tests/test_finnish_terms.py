import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

from .common import KpFixtures

FI_PO = Path(__file__).parent.parent / "i18n" / "fi.po"

# The glossary of README.md ("Sanasto" / "Glossary"): each English term, as a
# whole msgid, has this one Finnish translation.
GLOSSARY = {
    "Partnership Table": "Kumppanuuspöytä",
    "Participant": "Osallistuja",
    "Meeting": "Tapaaminen",
    "Agenda": "Asialista",
    "Minutes": "Muistio",
    "Agreement": "Sovittu asia",
    "Commitment": "Tehtävä",
    "Commitments": "Sovitut tehtävät",
    "Company": "Kunta",
    "Municipality": "Kunta",
    "Business": "Yritys",
    "Open": "Avoin",
    "Open the Table": "Avaa pöytä",
    "Open the Commitment": "Avaa tehtävä",
    "Joined": "Liittymispäivä",
    "Mark as Joined": "Merkitse liittyneeksi",
    "Leave the Table": "Lopeta osallistuminen",
    "Left": "Lähtenyt",
    "Source": "Aloitteen lähde",
    "End the Table": "Lopeta pöydän toiminta",
    "Close and Draft Minutes": "Päätä tapaaminen ja laadi muistio",
    "Distribute Minutes": "Lähetä muistio osallistujille",
    "Share": "Jaa",
    "Decline Proposal": "Jätä pois asialistalta",
    "Declined": "Jätetty pois asialistalta",
    "Convener": "Koollekutsuja",
    "Chair": "Puheenjohtaja",
    "Secretary": "Sihteeri",
}

# concepts that must not read the same in Finnish (one word, two meanings):
# the msgids of each pair share no word of their translations
DISTINCT = [
    ("Leave the Table", "Source"),
    ("Distribute Minutes", "Share"),
    ("Decline Proposal", "Discard"),
    ("Company", "Business"),
    ("Open", "Open the Table"),
    ("Commitments", "Activities"),
]

# Odoo's Finnish for mail.activity; ours is a commitment (tehtävä)
ACTIVITY_WORD = re.compile(r"toimenpi", re.IGNORECASE)
ACTIVITY_MSGID = re.compile(r"activit|action|exception", re.IGNORECASE)


@tagged("post_install", "-at_install")
class TestFinnishTerms(TransactionCase):
    """One Finnish term per concept (issue 10, point 7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = [e for e in polib.pofile(str(FI_PO)) if not e.obsolete]
        cls.by_msgid = {e.msgid: e.msgstr for e in cls.po}

    def _words(self, text):
        return set(re.findall(r"\w+", text.lower()))

    def test_glossary_terms(self):
        for english, finnish in GLOSSARY.items():
            with self.subTest(english=english):
                self.assertIn(english, self.by_msgid)
                self.assertEqual(self.by_msgid[english], finnish)

    def test_distinct_concepts_distinct_words(self):
        for one, other in DISTINCT:
            with self.subTest(one=one, other=other):
                if other == "Activities":
                    # Odoo's word, on our models through mail.activity.mixin
                    self.assertEqual(self.by_msgid[other], "Toimenpiteet")
                shared = self._words(self.by_msgid[one]) & self._words(
                    self.by_msgid[other]
                )
                self.assertFalse(shared, f"{one!r} and {other!r} share {shared}")

    def test_toimenpide_only_for_odoo_activities(self):
        """A commitment is never a toimenpide: that is Odoo's activity."""
        wrong = [
            e.msgid
            for e in self.po
            if ACTIVITY_WORD.search(e.msgstr)
            and not ACTIVITY_MSGID.search(e.msgid)
            # whole e-mail bodies are reworded with the templates themselves
            and not any("body_html" in o[0] for o in e.occurrences)
        ]
        self.assertEqual(wrong, [])

    def test_no_bare_verbs_that_misread(self):
        """Finnish words that read as another verb alone on a button."""
        for msgstr in ("Avaa", "Lähde", "Päätä", "Jaa", "Hylkää", "Liittyi"):
            with self.subTest(msgstr=msgstr):
                used = [e.msgid for e in self.po if e.msgstr == msgstr]
                # Share is Odoo's own "Jaa": the one bare verb we keep
                self.assertEqual(used, ["Share"] if msgstr == "Jaa" else [])

    def test_messages_reworded(self):
        coffee = next(m for m in self.by_msgid if "coffee meetings" in m)
        self.assertNotIn("kahvikokou", self.by_msgid[coffee])
        self.assertIn("mitä sovittiin", self.by_msgid[coffee])
        chair = next(m for m in self.by_msgid if m.startswith("The %(role)s"))
        self.assertEqual(
            self.by_msgid[chair],
            "Tapaamisen %(role)s on valittava pöydän %(table)s osallistujista: "
            "%(person)s ei ole pöydän osallistuja.",
        )

    def test_terms_loaded_in_the_database(self):
        # a database created without Finnish (Odoo's runner) loads it here
        KpFixtures._load_finnish.__func__(type(self))
        fi = self.env(context={"lang": "fi_FI"})
        self.assertEqual(fi["ir.model"]._get("kp.commitment").name, "Tehtävä")
        self.assertEqual(
            fi["kp.table"]._fields["company_id"]._description_string(fi), "Kunta"
        )
        self.assertEqual(fi.ref("kumppanuuspoyta.kp_sector_business").name, "Yritys")

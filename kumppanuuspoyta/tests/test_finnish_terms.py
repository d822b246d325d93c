import re

from odoo.tests import TransactionCase, tagged

from .terms import TermsChecks


@tagged("post_install", "-at_install")
class TestFinnishTerms(TermsChecks, TransactionCase):
    """One Finnish term per concept (issue 10, point 7)."""

    LANG = "fi_FI"
    # Odoo's Finnish for mail.activity; ours is a commitment (sovittu tehtävä)
    ACTIVITIES = "Toimenpiteet"
    ACTIVITY_WORD = re.compile(r"toimenpi", re.IGNORECASE)
    ACTIVITY_MSGID = re.compile(r"activit|action|exception", re.IGNORECASE)
    # Odoo's words our terms share because they mean the same (glossary)
    SAME_CONCEPT = {
        "Participant": {"Attendee"},
        "Participants": {"Attendees", "attendees"},
        "Participant Count": {"Attendees Count"},
        # being there: at a meeting, at work (hr), online (mail)
        "Attendance": {"Presence"},
        "Minutes": {"memo"},
    }
    LOADED = {
        "kp.commitment": "Sovittu tehtävä",
        "company_id": "Kunta",
        "kumppanuuspoyta.kp_sector_business": "Elinkeinoelämä",
    }

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

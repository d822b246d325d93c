"""Odoo's calendar e-mails reach a Swedish-speaking participant in Swedish.

Odoo 19's own calendar/i18n/sv.po leaves the bodies of five calendar
templates untranslated (the invitation, date updated, event updated, the
reminder and the cancellation): the subject came in Swedish, the body in
English. The addon ships them in i18n_extra/sv.po, which Odoo loads beside
i18n/ and imports into calendar's records (each entry's reference names the
record). A mail template's body is one msgid: the Swedish must be the same
markup with only the words translated, or the e-mail would change with
the language."""

import re
from datetime import timedelta

import polib
from lxml import html

from odoo import Command
from odoo.tests import tagged
from odoo.tools.misc import file_path

from ..tools.markup import html_markup as markup
from .common import KpMeetingCommon, load_language

EXTRA_SV = "kumppanuuspoyta/i18n_extra/sv.po"
# each template, and words of our Swedish its body must carry
TEMPLATES = {
    "calendar.calendar_template_meeting_invitation": ("Inbjudan", "Deltagare"),
    "calendar.calendar_template_meeting_changedate": ("Ny tidpunkt", "Deltagare"),
    "calendar.calendar_template_meeting_update": (
        "Händelsen har uppdaterats",
        "Mötet har uppdaterats.",
    ),
    "calendar.calendar_template_meeting_reminder": (
        "Påminnelse",
        "Det här är en påminnelse om händelsen nedan.",
    ),
    "calendar.calendar_template_delete_event": (
        "Händelsen har ställts in",
        "har ställts in och tagits bort från din kalender.",
    ),
}
REFERENCE = re.compile(r"model:mail\.template,(\w+):(calendar\.\w+)")


def extra_entries():
    """(field, xmlid, entry) of every reference in i18n_extra/sv.po."""
    return [
        (*REFERENCE.fullmatch(occurrence).groups(), entry)
        for entry in polib.pofile(file_path(EXTRA_SV))
        for occurrence, _line in entry.occurrences
    ]


@tagged("post_install", "-at_install")
class TestSwedishCalendarMails(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's calendar speaks Swedish through its own sv.po and the
        # addon's i18n_extra/sv.po, as a database with Swedish installed
        load_language(cls.env, "sv_SE", ("mail", "calendar", "kumppanuuspoyta"))
        cls.person_swedish = cls._person(
            "Linnea Sjöberg",
            cls.org_assoc,
            "linnea.sjoberg@example.com",
            lang="sv_SE",
        )
        cls._seat(cls.table, cls.person_swedish, [cls.role_member])

    def test_the_file_translates_the_five_bodies_as_the_same_markup(self):
        found = extra_entries()
        bodies = {xmlid: entry for field, xmlid, entry in found if field == "body_html"}
        self.assertEqual(set(bodies), set(TEMPLATES))
        for field, xmlid, entry in found:
            self.assertTrue(entry.msgstr.strip(), f"{xmlid} {field}: untranslated")
            self.assertNotEqual(entry.msgstr, entry.msgid, f"{xmlid} {field}")
            self.assertIn("module: calendar", entry.comment, xmlid)
        for xmlid, entry in bodies.items():
            self.assertEqual(
                markup(entry.msgstr), markup(entry.msgid), f"{xmlid}: markup changed"
            )
            # the msgid is the body Odoo installed: a newer body of Odoo's
            # would otherwise be replaced by our Swedish of an older one
            template = self.env.ref(xmlid).with_context(lang="en_US")
            self.assertEqual(
                markup(template.body_html),
                markup(entry.msgid),
                f"{xmlid}: Odoo's body changed, translate it again",
            )

    def test_markup_check_sees_a_changed_tag(self):
        body = '<p>Hello <t t-out="object.name">Wood</t>,</p>'
        self.assertEqual(
            markup(body), markup('<p>Hej <t t-out="object.name">Trä</t>,</p>')
        )
        for broken in (
            "<p>Hej <t>Wood</t>,</p>",
            '<p>Hej <t t-out="object.name">Wood</t>,<br/></p>',
            '<div>Hej <t t-out="object.name">Wood</t>,</div>',
            '<p>Hej ,</p><t t-out="object.name">Wood</t>',
        ):
            self.assertNotEqual(markup(body), markup(broken), broken)

    def test_each_body_is_swedish_in_swedish(self):
        for xmlid, words in TEMPLATES.items():
            template = self.env.ref(xmlid)
            swedish = template.with_context(lang="sv_SE").body_html
            english = template.with_context(lang="en_US").body_html
            self.assertNotEqual(swedish, english, xmlid)
            for word in ("Hej", *words):
                self.assertIn(word, swedish, xmlid)
            self.assertNotIn("Hello", swedish, xmlid)
            self.assertIn("Hello", english, xmlid)
        deleted = self.env.ref("calendar.calendar_template_delete_event").with_context(
            lang="sv_SE"
        )
        self.assertEqual(deleted.name, "Kalender: Händelse borttagen")
        self.assertEqual(deleted.subject, "Inställd händelse: {{ object.name }}")
        self.assertEqual(
            deleted.description, "Används för att meddela deltagarna manuellt"
        )

    def test_swedish_participant_is_invited_in_swedish(self):
        """The meeting's own invitation speaks Swedish to her."""
        meeting = self._meeting(name="Kahvia ja kohtaamisia: syksyn vastuuvuorot")
        attendee = meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.person_swedish
        )
        self.assertEqual(len(attendee), 1)
        [invitation] = self._invitations(self.person_swedish)
        self.assertTrue(invitation.subject.startswith("Inbjudan till "))
        body = invitation.body_html
        text = " ".join(html.fromstring(body).text_content().split())
        self.assertIn("Hej Linnea Sjöberg,", text)
        self.assertIn(f"Du är inbjuden till mötet vid bordet {self.table.name}.", text)
        for swedish in ("Tid:", "Kommer du?", "Ja, jag kommer", "Deltagare"):
            self.assertIn(swedish, text)
        for english in ("Hello", "invited", "Participants", "Will you come", "Time:"):
            self.assertNotIn(english, text)
        # her own links to answer the invitation
        for route in ("accept", "decline", "view"):
            self.assertIn(
                f"/calendar/meeting/{route}?token={attendee.access_token}"
                f"&amp;id={meeting.event_id.id}",
                body,
            )
        self.assertEqual(
            set(re.findall(r"token=([0-9a-f]+)", body)), {attendee.access_token}
        )
        # an English-speaking participant of the same meeting reads English
        [english] = self._invitations(self.person_official)
        self.assertIn("Hello Virpi Viranhaltija,", english.body_html)
        self.assertNotIn("Hej", english.body_html)

    def test_odoos_own_invitation_speaks_swedish(self):
        """Odoo's own calendar mails (a calendar event that is no meeting of
        a table) reach her in Swedish through i18n_extra/sv.po."""
        start = self._start(days=10)
        event = self.env["calendar.event"].create(
            {
                "name": "Syysretki",
                "start": start,
                "stop": start + timedelta(hours=1),
                "partner_ids": [Command.set(self.person_swedish.ids)],
            }
        )
        attendee = event.attendee_ids
        [invitation] = self.env["mail.mail"].search(
            [
                ("model", "=", "calendar.event"),
                ("res_id", "=", event.id),
                ("recipient_ids", "in", self.person_swedish.ids),
            ]
        )
        body = invitation.body_html
        text = " ".join(html.fromstring(body).text_content().split())
        self.assertIn("Hej Linnea Sjöberg,", text)
        # the event's organiser is the inactive superuser here, for whom
        # Odoo's template says "invited by Customer"
        self.assertIn("Du har bjudits in av kunden till mötet Syysretki.", text)
        self.assertIn("Deltagare", text)
        self.assertIn("Tack!", text)
        # the template's own words; the event's description is its
        # creator's text (Odoo writes the contact details it adds there in
        # the creator's language)
        self.assertIn("Visa Detaljer", text)
        for english in (
            "Hello",
            "invited you",
            "Attendees",
            "View Details",
            "Thank you",
        ):
            self.assertNotIn(english, text)
        self.assertIn(
            f"/calendar/meeting/view?token={attendee.access_token}&amp;id={event.id}",
            body,
        )

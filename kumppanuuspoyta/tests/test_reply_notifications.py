"""Replies by e-mail (issue 21), the last gaps: an answer to a commitment's
follower notification (Odoo's own Reply-To, routed by its References) acts
as an answer to its reminder; a refusal is noted in the staff's language and
told to the owner in theirs; a calendar answer that answers nothing changes
nothing. The .eml files go through ``mail.thread.message_process`` as
odoo-mailgate.py pipes them."""

from odoo.tests import tagged
from odoo.tools import email_split

from .replies_common import KpRepliesCommon

CATCHALL = "kumppanuus@testikunta.example.com"


@tagged("post_install", "-at_install")
class TestRepliesToNotifications(KpRepliesCommon):
    def _comment_from_convener(self, body="Muistathan lähettää uutiset torstaihin."):
        """The convener comments on the commitment; Odoo e-mails its
        followers (the responsible person among them). Returns the mail
        queued to the volunteer."""
        since = self._last_mail_id()
        self.commitment.with_user(self.user_coordinator).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        [mail] = self._sent_to(self.person_volunteer, since)
        # Odoo's own Reply-To: the catchall, no personal token
        self.assertEqual(email_split(mail.reply_to), [CATCHALL])
        return mail

    def _answer(self, mail, text, **values):
        """Gmail's reply to ``mail``: to its Reply-To, In-Reply-To and
        References its Message-Id."""
        self._process(
            "gmail_quoted.eml",
            to=self._reply_address(mail),
            references=mail.message_id,
            text=text,
            **values,
        )

    def test_valmis_to_a_comment_notification_marks_the_commitment_done(self):
        mail = self._comment_from_convener()
        self._answer(mail, "Valmis")
        self.assertEqual(self.commitment.state, "done")
        self.assertTrue(
            self._notes(self.commitment).filtered(
                lambda m: "Merkitty valmiiksi" in m.body
            )
        )
        # the reply itself stays on the commitment, by its author
        self.assertTrue(
            self.commitment.message_ids.filtered(
                lambda m: (
                    m.message_type == "email" and m.author_id == self.person_volunteer
                )
            )
        )

    def test_klar_to_a_portal_comment_notification_marks_it_done(self):
        # a comment posted from the portal (as the portal's chatter does:
        # by the superuser in the follower's name) notifies the
        # commitment's other followers, the volunteer among them
        self.commitment.message_subscribe(partner_ids=self.person_official.ids)
        since = self._last_mail_id()
        self.commitment.sudo().message_post(
            author_id=self.person_official.id,
            body="Kuvat tulevat perjantaina.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        [mail] = self._sent_to(self.person_volunteer, since)
        self._answer(mail, "klar")
        self.assertEqual(self.commitment.state, "done")

    def test_other_text_stays_a_comment(self):
        mail = self._comment_from_convener()
        self._answer(mail, "Teen sen huomenna.")
        self.assertEqual(self.commitment.state, "open")
        [comment] = self.commitment.message_ids.filtered(
            lambda m: m.message_type == "email"
        )
        self.assertIn("Teen sen huomenna", comment.body)
        self.assertFalse(
            self._notes(self.commitment).filtered(lambda m: "Ei toteutettu" in m.body)
        )

    def test_valmis_from_another_address_is_kept_for_review(self):
        mail = self._comment_from_convener()
        since = self._last_mail_id()
        self._answer(mail, "Valmis", sender="naapuri@example.org")
        self.assertEqual(self.commitment.state, "open")
        [note] = self._notes(self.commitment).filtered(
            lambda m: "Tarkistettava" in m.body
        )
        self.assertIn("eri osoitteesta", note.body)
        [activity] = self.table.activity_ids
        self.assertEqual(activity.user_id, self.user_coordinator)
        # the sender hears nothing
        self.assertFalse(
            self.env["mail.mail"].search(
                [("id", ">", since), ("email_to", "ilike", "naapuri")]
            )
        )

    def test_valmis_refused_by_the_portal_rule_is_told_in_swedish(self):
        self._load_swedish()
        self.person_volunteer.lang = "sv_SE"
        mail = self._comment_from_convener()
        # the commitment moved to another organisation after the comment
        self.commitment.write(
            {
                "responsible_partner_id": self.person_official.id,
                "organisation_id": self.org_city.id,
            }
        )
        since = self._last_mail_id()
        self._answer(mail, "Valmis")
        self.assertEqual(self.commitment.state, "open")
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("Endast åtagandets ansvariga person", told.body_html)


@tagged("post_install", "-at_install")
class TestRepliesNotedInEachLanguage(KpRepliesCommon):
    def test_note_in_finnish_notice_in_swedish(self):
        # the convener reads Finnish, the volunteer Swedish
        self._load_swedish()
        self.person_volunteer.lang = "sv_SE"
        self.commitment.write(
            {
                "responsible_partner_id": self.person_official.id,
                "organisation_id": self.org_city.id,
            }
        )
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        since = self._last_mail_id()
        self._process("gmail_quoted.eml", to=to, text="valmis")
        [note] = self._notes(self.commitment).filtered(
            lambda m: "Ei toteutettu" in m.body
        )
        self.assertIn("Vain sovitun tehtävän vastuuhenkilö", note.body)
        self.assertNotIn("Endast", note.body)
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("Ditt svar på", told.body_html)
        self.assertIn("Endast åtagandets ansvariga person", told.body_html)
        self.assertNotIn("Vain sovitun", told.body_html)

    def test_note_in_swedish_notice_in_finnish_with_the_gates_words(self):
        # the convener reads Swedish, the volunteer Finnish; the turn is
        # already confirmed, so the gate refuses in its own words
        self._load_swedish()
        self.user_coordinator.lang = "sv_SE"
        self.person_volunteer.lang = "fi_FI"
        self.turn.confirmed = True
        to = self._address(self.turn, self.person_volunteer, "turn")
        since = self._last_mail_id()
        self._process("apple_mail.eml", to=to)
        [note] = self._notes(self.turn).filtered(lambda m: "Inte genomfört" in m.body)
        self.assertIn("Turen är redan bekräftad.", note.body)
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("Vastauksesi kohteeseen", told.body_html)
        self.assertIn("Vastuuvuoro on jo vahvistettu.", told.body_html)
        self.assertNotIn("Turen", told.body_html)


@tagged("post_install", "-at_install")
class TestCalendarAnswersRefused(KpRepliesCommon):
    def _attendee(self):
        return self.meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.person_volunteer
        )

    def test_an_answer_with_another_uid_changes_nothing(self):
        self._load_swedish()
        self.person_volunteer.lang = "sv_SE"
        before = self._attendee().state
        to = self._address(self.meeting, self.person_volunteer, "meeting")
        since = self._last_mail_id()
        self._process(
            "thunderbird_itip.eml",
            to=to,
            partstat="ACCEPTED",
            uid="kp-meeting-999999@another.example.org",
        )
        self.assertEqual(self._attendee().state, before)
        self.assertNotEqual(before, "accepted")
        self.assertFalse(
            self.env["kp.agenda.item"].search([("table_id", "=", self.table.id)])
        )
        [note] = self._notes(self.meeting).filtered(lambda m: "Ei toteutettu" in m.body)
        self.assertIn("Kalenterivastaus ei ole vastaus tähän tapaamiseen.", note.body)
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("Kalendersvaret är inte ett svar på detta möte.", told.body_html)

    def test_an_answer_without_partstat_changes_nothing(self):
        self.person_volunteer.lang = "fi_FI"
        before = self._attendee().state
        to = self._address(self.meeting, self.person_volunteer, "meeting")
        since = self._last_mail_id()
        self._process("itip_without_partstat.eml", to=to)
        self.assertEqual(self._attendee().state, before)
        self.assertFalse(
            self.env["kp.agenda.item"].search([("table_id", "=", self.table.id)])
        )
        [note] = self._notes(self.meeting).filtered(lambda m: "Ei toteutettu" in m.body)
        self.assertIn("ei hyväksy eikä hylkää", note.body)
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn(
            "Kalenterivastaus ei hyväksy eikä hylkää tapaamista.", told.body_html
        )

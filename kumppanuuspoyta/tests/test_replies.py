"""Replies by e-mail that act (issue 21): each mail to a participant carries
a personal, signed Reply-To; a reply, as Outlook, Gmail, Apple Mail or
Thunderbird write it, proposes, reports or confirms through Odoo's own mail
gateway, under the rules of trust. The .eml files go through
``mail.thread.message_process`` as odoo-mailgate.py pipes them."""

import base64
from datetime import timedelta

import icalendar

from odoo.tests import tagged
from odoo.tools import email_split

from .replies_common import KpRepliesCommon


@tagged("post_install", "-at_install")
class TestReplyAddresses(KpRepliesCommon):
    def test_each_participant_gets_their_own_reply_address(self):
        addresses = set()
        for partner in self.emailed:
            [mail] = self._mails(partner, "Invitation to")
            address = self._reply_address(mail)
            self.assertRegex(address, r"^kumppanuus\+kp-m\d+-\d+-\d+-[0-9a-f]{20}@")
            self.assertTrue(address.endswith("@testikunta.example.com"))
            addresses.add(address)
            # the calendar client's Accept goes back to the same address
            [file] = mail.attachment_ids
            calendar = icalendar.Calendar.from_ical(file.raw)
            [entry] = calendar.walk("VEVENT")
            self.assertEqual(str(entry["ORGANIZER"]), f"mailto:{address}")
            self.assertEqual(entry["ORGANIZER"].params["CN"], self.table.name)
            self._assert_no_other_address(mail, partner, self.emailed)
        self.assertEqual(len(addresses), len(self.emailed))

    def test_reminders_carry_the_reply_address_and_others_keep_odoos(self):
        since = self._last_mail_id()
        self.env["kp.commitment"]._cron_send_reminders()
        [reminder] = self._sent_to(self.person_volunteer, since)
        self.assertEqual(
            self._reply_address(reminder),
            self._address(self.commitment, self.person_volunteer, "commitment"),
        )
        self.env["kp.activity.occurrence"]._cron_send_turn_reminders()
        [turn] = self._sent_to(self.person_volunteer, reminder.id)
        self.assertRegex(self._reply_address(turn), r"^kumppanuus\+kp-t")
        # a mail that is no reminder keeps Odoo's own Reply-To (the catchall)
        self.commitment.message_post(
            body="Kommentti", partner_ids=self.person_official.ids
        )
        [other] = self._sent_to(self.person_official, turn.id)
        self.assertEqual(
            email_split(other.reply_to), ["kumppanuus@testikunta.example.com"]
        )


@tagged("post_install", "-at_install")
class TestRepliesAct(KpRepliesCommon):
    def test_outlook_reply_to_the_invitation_is_a_proposal(self):
        [mail] = self._mails(self.person_volunteer, "Invitation to")
        since = self._last_mail_id()
        # Outlook: no References, no In-Reply-To; a Finnish "VS:" subject
        self._process("outlook_proposal.eml", to=self._reply_address(mail))
        [proposal] = self.env["kp.agenda.item"].search(
            [("table_id", "=", self.table.id), ("state", "=", "proposed")]
        )
        self.assertEqual(proposal.name, "Ehdotus: kirjaston aukioloajat iltaisin")
        self.assertEqual(proposal.proposer_id, self.seat_volunteer)
        self.assertEqual(proposal.meeting_id, self.meeting)
        self.assertIn(
            "Ehdotan asialistalle: kirjaston aukioloajat", proposal.description
        )
        # the quoted agenda and the signature are not part of it
        self.assertNotIn("Tervetuloa", proposal.description)
        self.assertNotIn("Lähettäjä", proposal.description)
        # the convener is told; the message stays on the meeting
        [told] = self._sent_to(self.user_coordinator.partner_id, since)
        self.assertIn("kirjaston aukioloajat", told.subject)
        self.assertIn("Ville Vapaaehtoinen", told.body_html)
        self.assertTrue(
            self.meeting.message_ids.filtered(
                lambda m: (
                    m.message_type == "email" and m.author_id == self.person_volunteer
                )
            )
        )

    def test_the_same_message_twice_is_applied_once(self):
        to = self._address(self.meeting, self.person_volunteer, "meeting")
        message_id = "<same-outlook-message@keuruu.example.fi>"
        for _attempt in range(2):
            self._process("outlook_proposal.eml", to=to, message_id=message_id)
        self.assertEqual(
            self.env["kp.agenda.item"].search_count(
                [("table_id", "=", self.table.id), ("state", "=", "proposed")]
            ),
            1,
        )

    def test_gmail_valmis_marks_the_commitment_done(self):
        since = self._last_mail_id()
        self.env["kp.commitment"]._cron_send_reminders()
        [reminder] = self._sent_to(self.person_volunteer, since)
        # Gmail quotes the reminder, which itself says "valmis"
        self._process(
            "gmail_quoted.eml",
            to=self._reply_address(reminder),
            references=reminder.message_id,
            text="Valmis.",
        )
        self.assertEqual(self.commitment.state, "done")

    def test_gmail_other_text_is_a_comment(self):
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        self._process(
            "gmail_quoted.eml",
            to=to,
            text="Uutiset on koottu puoliksi, loput ensi viikolla.",
        )
        self.assertEqual(self.commitment.state, "open")
        [comment] = self.commitment.message_ids.filtered(
            lambda m: m.message_type == "email"
        )
        self.assertIn("loput ensi viikolla", comment.body)
        self.assertEqual(comment.author_id, self.person_volunteer)

    def test_apple_mail_reply_confirms_the_turn(self):
        self.assertEqual(self.turn.contact_partner_id, self.person_volunteer)
        to = self._address(self.turn, self.person_volunteer, "turn")
        self._process("apple_mail.eml", to=to)
        self.assertTrue(self.turn.confirmed)

    def test_thunderbird_accept_and_decline_are_recorded(self):
        attendee = self.meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.person_volunteer
        )
        to = self._address(self.meeting, self.person_volunteer, "meeting")
        self._process("thunderbird_itip.eml", to=to, partstat="ACCEPTED")
        self.assertEqual(attendee.state, "accepted")
        self._process("thunderbird_itip.eml", to=to, partstat="DECLINED")
        self.assertEqual(attendee.state, "declined")
        # an answer is no proposal
        self.assertFalse(
            self.env["kp.agenda.item"].search([("table_id", "=", self.table.id)])
        )


@tagged("post_install", "-at_install")
class TestRepliesTrust(KpRepliesCommon):
    def test_a_forward_from_another_address_is_kept_for_review(self):
        to = self._address(self.meeting, self.person_volunteer, "meeting")
        since = self._last_mail_id()
        self._process("forward_other_address.eml", to=to, sender="naapuri@example.org")
        self.assertFalse(
            self.env["kp.agenda.item"].search([("table_id", "=", self.table.id)])
        )
        # the note in the convener's language (Finnish)
        self.assertEqual(self.user_coordinator.lang, "fi_FI")
        [note] = self._notes(self.meeting).filtered(lambda m: "Tarkistettava" in m.body)
        self.assertIn("eri osoitteesta", note.body)
        [activity] = self.table.activity_ids
        self.assertEqual(activity.user_id, self.user_coordinator)
        # the owner is told, the sender hears nothing
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("another e-mail address", told.body_html)
        self.assertNotIn("naapuri@example.org", told.body_html)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("id", ">", since), ("email_to", "ilike", "naapuri")]
            )
        )

    def test_an_out_of_office_changes_nothing_and_answers_no_one(self):
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        since = self._last_mail_id()
        self._process("out_of_office.eml", to=to)
        self.assertEqual(self.commitment.state, "open")
        self.assertFalse(self._sent_to(self.person_volunteer, since))
        # kept, not dropped
        self.assertTrue(
            self._notes(self.commitment).filtered(
                lambda m: "Automaattinen vastaus" in m.body
            )
        )

    def test_an_expired_address_tells_its_owner_once(self):
        Reply = self.env["kp.mail.reply"]
        token = Reply._kp_token(
            self.meeting,
            self.person_volunteer,
            "meeting",
            expiry=self._today(self.table) - timedelta(days=1),
        )
        to = f"kumppanuus+kp-{token}@testikunta.example.com"
        since = self._last_mail_id()
        self._process("outlook_proposal.eml", to=to)
        self.assertFalse(
            self.env["kp.agenda.item"].search([("table_id", "=", self.table.id)])
        )
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("expired", told.body_html)

    def test_a_reply_for_a_deleted_turn_is_kept_and_answered(self):
        to = self._address(self.turn, self.person_volunteer, "turn")
        self.turn.unlink()
        since = self._last_mail_id()
        self._process("apple_mail.eml", to=to)
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("no longer exists", told.body_html)
        # the reply is kept on the owner's contact
        self.assertTrue(
            self.person_volunteer.message_ids.filtered(
                lambda m: m.message_type == "email" and "Sopii" in m.body
            )
        )

    def test_a_command_for_a_closed_commitment_is_refused_in_finnish(self):
        self.person_volunteer.lang = "fi_FI"
        done = self.env["kp.commitment.stage"].search(
            [("closing", "=", "done")], limit=1
        )
        self.commitment.stage_id = done
        closed = self.commitment.closed_date
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        since = self._last_mail_id()
        self._process("gmail_quoted.eml", to=to, text="valmis")
        self.assertEqual(self.commitment.stage_id, done)
        self.assertEqual(self.commitment.closed_date, closed)
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("on jo suljettu", told.body_html)

    def test_a_reply_does_no_more_than_the_portal_allows(self):
        self._load_swedish()
        self.person_volunteer.lang = "sv_SE"
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        # the commitment moved to another organisation after the reminder
        self.commitment.write(
            {
                "responsible_partner_id": self.person_official.id,
                "organisation_id": self.org_city.id,
            }
        )
        since = self._last_mail_id()
        self._process("gmail_quoted.eml", to=to, text="valmis")
        self.assertEqual(self.commitment.state, "open")
        [told] = self._sent_to(self.person_volunteer, since)
        # in the owner's language (Swedish)
        self.assertIn("Endast åtagandets ansvariga person", told.body_html)

    def test_a_user_acts_with_their_own_rights(self):
        partner = self.user_participant.partner_id
        self.user_participant.email = "paula@example.com"
        to = self._address(self.meeting, partner, "meeting")
        self._process("outlook_proposal.eml", to=to, sender="paula@example.com")
        [proposal] = self.env["kp.agenda.item"].search(
            [("table_id", "=", self.table.id)]
        )
        self.assertEqual(proposal.create_uid, self.user_participant)
        self.assertEqual(proposal.proposer_id, self.seat_user)

    def test_tokens_cannot_be_guessed_or_reused_across_records(self):
        other = self._meeting(start=self.meeting.start + timedelta(days=14))
        token = self._address(self.meeting, self.person_volunteer, "meeting")
        local, domain = token.split("@")
        letter_id, partner, day, signature = local.split("+kp-")[1].split("-")
        forged = {
            # the same signature on another meeting
            f"kumppanuus+kp-m{other.id}-{partner}-{day}-{signature}@{domain}",
            # on another person
            f"kumppanuus+kp-{letter_id}-{self.person_official.id}-{day}-{signature}@{domain}",
            # a later last day
            f"kumppanuus+kp-{letter_id}-{partner}-{int(day) + 1}-{signature}@{domain}",
            # a guessed signature
            f"kumppanuus+kp-{letter_id}-{partner}-{day}-{'0' * 20}@{domain}",
        }
        for address in forged:
            with self.subTest(address=address), self.assertRaises(ValueError):
                # Odoo's gateway refuses an address nobody answers to
                self._process("outlook_proposal.eml", to=address)
        self.assertFalse(
            self.env["kp.agenda.item"].search(
                [("table_id", "=", self.table.id), ("state", "=", "proposed")]
            )
        )

    def test_a_malformed_message_changes_nothing_and_tells_the_owner(self):
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        since = self._last_mail_id()
        self._process("malformed.eml", to=to)
        self.assertEqual(self.commitment.state, "open")
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("changed nothing", told.body_html)

    def test_a_huge_attachment_is_not_kept_and_changes_nothing(self):
        to = self._address(self.commitment, self.person_volunteer, "commitment")
        content = bytes(11 * 1024 * 1024)
        encoded = base64.encodebytes(content).decode()
        since = self._last_mail_id()
        self._process(
            "outlook_large_attachment.eml",
            to=to,
            size=str(len(content)),
            attachment=encoded,
        )
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "kuvat.zip")]))
        [told] = self._sent_to(self.person_volunteer, since)
        self.assertIn("larger than 10 MB", told.body_html)
        # the reply itself stays on the commitment, without the file
        self.assertTrue(
            self.commitment.message_ids.filtered(
                lambda m: m.message_type == "email" and "kuvat" in m.body
            )
        )

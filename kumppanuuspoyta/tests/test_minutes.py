from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KpMinutesCommon


@tagged("post_install", "-at_install")
class TestMinutes(KpMinutesCommon):
    def test_closing_needs_an_agreement(self):
        meeting = self._held_meeting(items=["Kunnantiedote"])
        with self.assertRaisesRegex(UserError, "has no recorded agreements"):
            meeting.action_draft_minutes()
        # the error says so in Finnish
        with self.assertRaisesRegex(UserError, "ei ole kirjattuja sovittuja asioita"):
            meeting.with_context(lang="fi_FI").action_draft_minutes()
        self.assertEqual(meeting.state, "held")
        with self.assertRaisesRegex(UserError, "Only a held meeting"):
            self._meeting().action_draft_minutes()
        self._agree(meeting, "Paperinen tiedote jokaiseen kotiin.")
        meeting.action_draft_minutes()
        self.assertEqual(meeting.state, "minutes_draft")
        with self.assertRaisesRegex(UserError, "Approve the minutes"):
            meeting.action_distribute_minutes()

    def test_approval_in_the_asked_language_when_installed(self):
        finnish = self._held_meeting(items=["Kunnantiedote"])
        self._agree(finnish, "Tiedote jaetaan joka talouteen.", finnish.agenda_item_ids)
        finnish.action_draft_minutes()
        finnish.with_context(lang="fi_FI").action_approve_minutes()
        self.assertIn("Asialista ja sovitut asiat", finnish.minutes_ids.body)
        # Swedish, the other language of a bilingual municipality
        self._load_swedish()
        swedish = self._held_meeting(items=["Biblioteket"])
        self._agree(swedish, "Biblioteket är med.", swedish.agenda_item_ids)
        swedish.action_draft_minutes()
        swedish.with_context(lang="sv_SE").action_approve_minutes()
        self.assertIn(
            "Föredragningslista och överenskommelser", swedish.minutes_ids.body
        )
        self.assertNotIn("Asialista", swedish.minutes_ids.body)
        # a language the database does not have falls back to the user's
        self.assertFalse(self.env["res.lang"]._get_data(code="de_DE"))
        other = self._held_meeting(items=["Kirjasto"])
        self._agree(other, "Kirjasto on mukana.", other.agenda_item_ids)
        other.action_draft_minutes()
        other.with_context(lang="de_DE").action_approve_minutes()
        self.assertEqual(other.state, "minutes_approved")
        self.assertTrue(other.minutes_ids.body)

    def test_division_of_labour_per_organisation(self):
        meeting = self._held_meeting(items=["Kunnantiedote"])
        self._agree(
            meeting,
            "Tiedote jaetaan joka talouteen.",
            meeting.agenda_item_ids,
            [
                {"name": "Taitto", "organisation_id": self.org_city.id},
                {"name": "Jakelu", "organisation_id": self.org_assoc.id},
                {"name": "Järjestöjen jutut", "organisation_id": self.org_assoc.id},
            ],
        )
        action = meeting.action_view_division_of_labour()
        self.assertEqual(action["context"]["group_by"], "organisation_id")
        groups = self.env["kp.commitment"]._read_group(
            action["domain"], ["organisation_id"], ["__count"]
        )
        self.assertEqual(dict(groups), {self.org_city: 1, self.org_assoc: 2})

    def test_approved_minutes_are_immutable(self):
        meeting = self._approved_meeting()
        self.assertEqual(meeting.state, "minutes_approved")
        self.assertEqual(meeting.minutes_version, 1)
        agreement = meeting.agreement_ids
        minutes = meeting.minutes_ids
        self.assertEqual(minutes.approved_by_id, self.user_coordinator)
        self.assertIn("Sydänyhdistys vastaa huhtikuun kerrasta.", minutes.body)
        for env in (
            self.env(user=self.user_coordinator, su=False),
            self.env(user=self.user_manager, su=False),
            self.env,
        ):
            user = env.user
            with self.assertRaises(UserError, msg=user.name):
                env["kp.agreement"].browse(agreement.id).write({"name": "Muutettu"})
            with self.assertRaises(UserError, msg=user.name):
                env["kp.agreement"].browse(agreement.id).unlink()
            with self.assertRaises(UserError, msg=user.name):
                env["kp.agreement"].create(
                    {"meeting_id": meeting.id, "name": "Jälkikäteen lisätty"}
                )
            with self.assertRaises(UserError, msg=user.name):
                env["kp.commitment"].create(
                    {
                        "agreement_id": agreement.id,
                        "name": "Jälkikäteen lisätty",
                        "organisation_id": self.org_city.id,
                    }
                )
            with self.assertRaises(UserError, msg=user.name):
                env["kp.minutes"].browse(minutes.id).write({"body": "<p>Toinen</p>"})
            # read-only for every group; never deleted, not even by the superuser
            with self.assertRaises(UserError if env.su else AccessError, msg=user.name):
                env["kp.minutes"].browse(minutes.id).unlink()
            for state in ("held", "minutes_draft", "planned"):
                with self.assertRaises(UserError, msg=f"{user.name} {state}"):
                    env["kp.meeting"].browse(meeting.id).write({"state": state})
                if env.su:
                    continue
                # the correction's context key, sent over RPC, does not reopen them
                with self.assertRaises(UserError, msg=f"{user.name} {state}"):
                    env["kp.meeting"].browse(meeting.id).with_context(
                        kp_minutes_correction=True
                    ).write({"state": state})
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "minutes_approved")
        self.assertEqual(agreement.name, "Sydänyhdistys vastaa huhtikuun kerrasta.")
        self.assertEqual(meeting.minutes_ids, minutes)
        # follow-up goes on: the commitment's stage still moves
        meeting.commitment_ids.stage_id = self.stage_progress
        self.assertEqual(meeting.commitment_ids.stage_id, self.stage_progress)

    def test_correction_keeps_the_earlier_version(self):
        meeting = self._approved_meeting()
        first = meeting.minutes_ids
        agreement = meeting.agreement_ids
        with self.assertRaisesRegex(UserError, "needs a reason"):
            meeting.action_correct_minutes("  ")
        wizard = Form(
            self.env["kp.minutes.correction.wizard"]
            .with_user(self.user_coordinator)
            .with_context(default_meeting_id=meeting.id)
        )
        wizard.reason = "Vastuujärjestö oli väärä."
        wizard.save().action_correct()
        self.assertEqual(meeting.state, "minutes_draft")
        self.assertEqual(meeting.correction_reason, "Vastuujärjestö oli väärä.")
        agreement.with_user(
            self.user_coordinator
        ).name = "Muistiyhdistys vastaa huhtikuun kerrasta."
        self.assertIn("DRAFT", self._report_html(meeting))
        meeting.with_user(self.user_coordinator).action_approve_minutes()
        self.assertEqual(meeting.state, "minutes_approved")
        self.assertEqual(meeting.minutes_version, 2)
        second = meeting.minutes_ids - first
        self.assertEqual(second.version, 2)
        self.assertEqual(second.correction_reason, "Vastuujärjestö oli väärä.")
        self.assertTrue(second.is_current)
        self.assertFalse(first.is_current)
        self.assertIn("Muistiyhdistys vastaa", second.body)
        # the first version is unchanged and every participant still reads it
        first_read = first.with_user(self.user_participant).read(["body", "version"])
        self.assertEqual(first_read[0]["version"], 1)
        self.assertIn("Sydänyhdistys vastaa", first_read[0]["body"])
        self.assertNotIn("Muistiyhdistys", first_read[0]["body"])
        html = self._report_html(meeting)
        self.assertIn("Muistiyhdistys vastaa huhtikuun kerrasta.", html)
        self.assertNotIn("Sydänyhdistys vastaa", html)
        self.assertIn("Vastuujärjestö oli väärä.", html)
        self.assertRegex(html, r"Minutes version 2, approved by [^<]+ on [^<]+\.")
        self.assertFalse(meeting.correction_reason)
        messages = meeting.message_ids.mapped("body")
        self.assertTrue(any("Vastuujärjestö oli väärä." in m for m in messages))

    def test_report_shows_every_section(self):
        earlier = self._held_meeting(hours=24 * 30)
        still_open, done_since = (
            self._agree(
                earlier,
                "Kunnantiedote jokaiseen kotiin.",
                commitments=[
                    {
                        "name": "Selvitä painokulut",
                        "organisation_id": self.org_city.id,
                        "responsible_partner_id": self.person_official.id,
                        "deadline": date(2031, 1, 15),
                    },
                    {
                        "name": "Kerää yhdistysten uutiset",
                        "organisation_id": self.org_assoc.id,
                        "deadline": date(2031, 1, 20),
                    },
                ],
            )
        ).commitment_ids
        meeting = self._held_meeting(
            items=["Kahvia ja kohtaamisia: kevät", "Hyvinvointitupa"]
        )
        review_item = meeting.agenda_item_ids.filtered(
            lambda i: i.name == "Review of earlier commitments"
        )
        self.assertIn("Selvitä painokulut", review_item.description)
        done_since.stage_id = self.stage_done
        item_spring, item_tupa = meeting.agenda_item_ids.filtered(
            lambda i: i.source != "standing"
        )
        self._agree(
            meeting,
            "Kevään vastuujärjestöt sovittiin.",
            item_spring,
            [
                {
                    "name": "Varaa Ystäväntupa huhtikuulle",
                    "organisation_id": self.org_assoc.id,
                    "responsible_partner_id": self.person_volunteer.id,
                    "deadline": date(2031, 3, 31),
                }
            ],
        )
        by_partner = {line.partner_id: line for line in meeting.attendance_ids}
        by_partner[self.person_volunteer].status = "excused"
        by_partner[self.user_participant.partner_id].status = "absent"
        following = self._meeting(location="Keuruun kirjasto")
        self.assertEqual(meeting.next_meeting_id, following)
        self.assertEqual(meeting.review_commitment_ids, still_open | done_since)

        html = self._report_html(meeting)
        # the table's one formatter of a meeting time and a day
        for text in (
            self.table.name,
            self.table._format_meeting_time(meeting.start, meeting.stop),
            "Ystäväntupa",
            # chair, secretary; attendance per organisation
            self.person_official.name,
            self.user_coordinator.name,
            self.org_city.name,
            self.org_assoc.name,
            self.person_volunteer.name,
            self.user_participant.name,
            # items, agreements, who does what by when
            "Kahvia ja kohtaamisia: kevät",
            "Hyvinvointitupa",
            "Kevään vastuujärjestöt sovittiin.",
            "Varaa Ystäväntupa huhtikuulle",
            "Nothing was agreed on this item.",
            # earlier commitments and their stage
            "Selvitä painokulut",
            "Kerää yhdistysten uutiset",
            self.stage_done.name,
            self.stage_todo.name,
            # the next meeting
            self.table._format_meeting_time(following.start),
            "Keuruun kirjasto",
        ):
            self.assertIn(text, html)
        for heading in (
            "Attendance",
            "Agenda and agreements",
            "Status of earlier commitments",
            "Next meeting",
        ):
            self.assertIn(heading, html)
        self.assertRegex(
            html,
            r"(?s)<td>Testikylien yhdistys ry</td>\s*<td></td>\s*<td></td>\s*"
            r"<td>Ville Vapaaehtoinen</td>",
        )
        self.assertRegex(
            html,
            r"(?s)Testikylien yhdistys ry</span>\s+/ <span>Ville Vapaaehtoinen</span>.*"
            r"Varaa Ystäväntupa huhtikuulle",
        )
        self.assertIn(self.table._format_day(date(2031, 3, 31)), html)

        self._serve_report_assets()
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("kumppanuuspoyta.kp_report_minutes", meeting.ids)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_distribute_to_every_participant(self):
        meeting = self._approved_meeting()
        participants = self.table.participant_ids._current().partner_id
        self.assertIn(self.person_official, participants)
        self.assertFalse(self.person_official.user_ids, "a contact, not a user")
        self._serve_report_assets()
        action = meeting.with_user(self.user_coordinator).action_distribute_minutes()
        self.assertEqual(action["res_model"], "mail.compose.message")
        # the composer renders the minutes PDF from the template
        with self.allow_pdf_render():
            composer = Form(
                self.env["mail.compose.message"]
                .with_user(self.user_coordinator)
                .with_context(action["context"], force_report_rendering=True)
            )
            self.assertEqual(
                set(composer.partner_ids.ids), set(participants.ids), "all participants"
            )
            composer.save().action_send_mail()
        self.assertEqual(meeting.state, "minutes_distributed")
        # Odoo does not e-mail the sender their own message
        sender = self.user_coordinator.partner_id
        for partner in (participants - sender).filtered("email"):
            mails = self._mails(partner, meeting.name)
            self.assertEqual(len(mails), 1, partner.name)
            pdf = mails.attachment_ids
            self.assertEqual(len(pdf), 1, partner.name)
            self.assertTrue(pdf.name.endswith(".pdf"))
            self.assertTrue(pdf.raw.startswith(b"%PDF"), partner.name)
        message = meeting.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, participants)
        self.assertEqual(message.author_id, self.user_coordinator.partner_id)
        # distributed minutes stay approved: no way back by a plain write
        with self.assertRaises(UserError):
            meeting.write({"state": "minutes_approved"})

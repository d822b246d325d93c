"""Every proposer told what became of their matter, in their language (issue
#23): a proposal or a village's matter carries an answer (taken onto the
agenda with what was agreed, made part of a theme, handed to decision, not
taken with the reason); saving it sends one e-mail from the municipality in
the reader's language, and a later decision tells them once more; only who
runs the table answers; the regional intake counts the matters answered and
decided."""

import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import KpMinutesCommon
from .portal_common import PortalPages
from .replies_common import KpRepliesCommon

MUNICIPALITY = "kunta@testikaupunki.example.org"
REGISTRY = "kirjaamo@testikaupunki.example.org"
AGREED = "Kaupunki valaisee kylätien syksyllä."


@tagged("post_install", "-at_install")
class TestProposalAnswers(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_swedish()
        cls._setup_other_company()
        cls.company = cls.env.company
        cls.company.email = MUNICIPALITY
        cls.company.kp_registry_email = REGISTRY
        cls.person_volunteer.lang = "fi_FI"
        cls.person_resident.write({"email": "riitta@example.com", "lang": "sv_SE"})
        cls.theme = cls.env["kp.theme"].create(
            {"table_id": cls.table.id, "name": "Kylien valaistus"}
        )
        cls.meeting = cls._held_meeting(items=["Kylätien valaistus"])
        cls.item = cls.meeting.agenda_item_ids
        cls.item.write(
            {
                "proposer_id": cls.seat_volunteer.id,
                "source": "village",
                "source_name": "Jäppilä",
            }
        )
        cls.agreement = cls._agree(cls.meeting, AGREED, cls.item)
        cls.meeting.action_draft_minutes()
        cls.meeting.with_user(cls.user_coordinator).action_approve_minutes()
        # a village's matter whose contact, a resident, sits at no table
        cls.matter = cls._village_matter(cls.table)
        cls.matter.contact_partner_id = cls.person_resident
        cls.everyone = (
            cls.person_official
            | cls.person_volunteer
            | cls.person_resident
            | cls.user_participant.partner_id
            | cls.user_coordinator.partner_id
            | cls.user_convener.partner_id
        )

    def _answers(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "kp.agenda.item"),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def _assert_one_answer(self, partner, before, *texts):
        """One new answer for ``partner``, from the municipality, to them
        alone, with ``texts`` in its body; the mail."""
        mails = self._answers(partner) - before
        self.assertEqual(len(mails), 1, partner.name)
        self.assertEqual(mails.recipient_ids, partner)
        self.assertIn(MUNICIPALITY, mails.email_from)
        for text in texts:
            self.assertIn(text, mails.body_html)
        self._assert_no_other_address(mails, partner, self.everyone)
        return mails

    def _handoff(self):
        handoff = self.env["kp.decision.handoff"].create(
            {"agreement_id": self.agreement.id, "addressee": "Kaupunginhallitus"}
        )
        handoff.action_send()
        return handoff

    # --- the answers, in Finnish and Swedish -----------------------------

    def test_agenda_answer_tells_what_was_agreed_in_finnish_once(self):
        before = self._answers(self.person_volunteer)
        coordinator = self.item.with_user(self.user_coordinator)
        self.assertTrue(coordinator.can_answer)
        coordinator.answer = "agenda"
        mail = self._assert_one_answer(
            self.person_volunteer,
            before,
            "Kylätien valaistus",
            "otettiin tapaamisen",
            "Mitä sovittiin",
            AGREED,
        )
        self.assertEqual(
            mail.subject, "Mitä ehdotuksellesi tapahtui: Kylätien valaistus"
        )
        self.assertEqual(self.item.answer_date, self._today(self.table))
        # saving again, or the same answer once more, sends nothing
        coordinator.write({"answer": "agenda", "description": "Tarkennus."})
        coordinator.answer = "agenda"
        self.assertEqual(len(self._answers(self.person_volunteer) - before), 1)

    def test_village_matter_answered_to_its_contact_in_swedish(self):
        before = self._answers(self.person_resident)
        proposer_before = self._answers(self.person_volunteer)
        self.matter.theme_id = self.theme
        self.matter.with_user(self.user_coordinator).answer = "theme"
        mail = self._assert_one_answer(
            self.person_resident,
            before,
            "Hej Riitta Asukas",
            "Kylätien valaistus",
            "temat",
            "Kylien valaistus",
        )
        self.assertEqual(
            mail.subject, "Vad som hände med ditt förslag: Kylätien valaistus"
        )
        self.assertNotIn("Mitä", mail.body_html)
        self.assertEqual(self._answers(self.person_volunteer), proposer_before)

    def test_not_taken_needs_the_reason_in_each_language(self):
        before = self._answers(self.person_resident)
        coordinator = self.matter.with_user(self.user_coordinator)
        for lang, words in (
            ("fi_FI", "perustelu on pakollinen"),
            ("sv_SE", "motiveringen är obligatorisk"),
        ):
            for reason in (None, "   "):
                vals = {"answer": "not_taken"}
                if reason is not None:
                    vals["decline_reason"] = reason
                with (
                    self.subTest(lang=lang, reason=reason),
                    self.assertRaisesRegex(ValidationError, words),
                ):
                    coordinator.with_context(lang=lang).write(vals)
        self.assertFalse(self.matter.answer)
        self.assertEqual(self.matter.state, "proposed")
        self.assertEqual(self._answers(self.person_resident), before)
        coordinator.write(
            {"answer": "not_taken", "decline_reason": "Kuuluu tielautakunnalle."}
        )
        self.assertEqual(self.matter.state, "declined")
        self._assert_one_answer(
            self.person_resident,
            before,
            "inte upp",
            "Kuuluu tielautakunnalle.",
        )

    def test_matter_recorded_already_not_taken_is_declined(self):
        """A coordinator records a village's matter that the table will not
        take (the answer given at once): it is declined, on no agenda, and
        its contact is told once, as when the answer is saved later."""
        before = self._answers(self.person_resident)
        matter = self._village_matter(
            self.table,
            self.user_coordinator,
            name="Kylätien aurauslista",
            contact_partner_id=self.person_resident.id,
            answer="not_taken",
            decline_reason="Kuuluu tielautakunnalle.",
        )
        self.assertEqual(matter.state, "declined")
        self.assertFalse(matter.meeting_id)
        self._assert_one_answer(
            self.person_resident, before, "inte upp", "Kuuluu tielautakunnalle."
        )

    def test_decline_is_the_not_taken_answer(self):
        proposal = self.env["kp.agenda.item"].create(
            {
                "table_id": self.table.id,
                "name": "Uusi liikuntasali",
                "proposer_id": self.seat_volunteer.id,
            }
        )
        before = self._answers(self.person_volunteer)
        proposal.with_user(self.user_coordinator).action_decline(
            "Ei tämän pöydän asia."
        )
        self.assertEqual(proposal.answer, "not_taken")
        self._assert_one_answer(
            self.person_volunteer, before, "Ei tämän pöydän asia.", "ei ottanut"
        )

    def test_an_answer_waits_for_what_it_tells(self):
        coordinator = self.matter.with_user(self.user_coordinator)
        for answer, words in (
            ("agenda", "no meeting's agenda"),
            ("theme", "Choose the theme"),
            ("decision", "Hand off an agreement"),
        ):
            with self.subTest(answer=answer), self.assertRaisesRegex(UserError, words):
                coordinator.with_context(lang="en_US").answer = answer
        # on the agenda of a meeting whose minutes are not approved yet
        held = self._held_meeting(items=["Kesken"])
        with self.assertRaisesRegex(UserError, "approve the minutes"):
            held.agenda_item_ids.with_context(lang="en_US").with_user(
                self.user_coordinator
            ).answer = "agenda"
        self.assertFalse(self.matter.answer)
        self.assertFalse(self._answers(self.person_resident))

    # --- a decision tells once more --------------------------------------

    def test_handed_to_decision_then_the_decision_once_more(self):
        handoff = self._handoff()
        before = self._answers(self.person_volunteer)
        self.item.with_user(self.user_coordinator).answer = "decision"
        self._assert_one_answer(
            self.person_volunteer,
            before,
            "päätettäväksi",
            "Kaupunginhallitus",
            "Päätöksenteossa: lähetetty",
        )
        told = self._answers(self.person_volunteer)
        steps = self._mails(self.person_volunteer).filtered(
            lambda m: m.model == handoff._name
        )
        handoff.write(
            {
                "case_number": "45/2026",
                "decision_date": "2026-03-12",
                "decision_section": "123",
                "summary": "Kaupunginhallitus hyväksyi valaistuksen.",
            }
        )
        handoff.action_approve()
        # the decision comes with the answer, and no second mail of the step
        decided = self._assert_one_answer(
            self.person_volunteer,
            told,
            "Päätöksenteossa: 45/2026 – päätetty 12.3.2026 § 123",
            "Kaupunginhallitus hyväksyi valaistuksen.",
        )
        self.assertEqual(decided.model, "kp.agenda.item")
        self.assertEqual(
            self._mails(self.person_volunteer).filtered(
                lambda m: m.model == handoff._name
            ),
            steps,
            "the proposer hears the decision once",
        )
        # the coordinators still hear the step of the hand-off
        self.assertTrue(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", handoff._name),
                    ("res_id", "=", handoff.id),
                    ("partner_ids", "in", self.user_convener.partner_id.ids),
                ]
            )
        )
        # saving the answer again tells nothing more
        self.item.with_user(self.user_coordinator).answer = "decision"
        self.assertEqual(len(self._answers(self.person_volunteer) - told), 1)

    # --- who answers, who reads ---------------------------------------------

    def test_access_as_each_role(self):
        outsider = new_test_user(
            self.env,
            "kp_answer_outsider",
            groups="kumppanuuspoyta.group_kp_coordinator",
            name="Olavi Outsider",
        )
        self.matter.theme_id = self.theme
        # a participant, the proposer or not, reads the answer and cannot give it
        participant = self.matter.with_user(self.user_participant)
        self.assertFalse(participant.can_answer)
        with self.assertRaises(AccessError):
            participant.answer = "theme"
        # a coordinator of another table and another municipality's manager
        # neither read nor answer
        for user in (outsider, self.user_other):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self.matter.with_user(user).answer = "theme"
            with self.assertRaises(AccessError):
                self.matter.with_user(user).read(["answer"])
        self.assertFalse(self.matter.answer)
        # a matter's contact reads it in the back end, as on the portal, though
        # they sit at no table there; answering stays with who runs the table
        self.matter.contact_partner_id = outsider.partner_id
        contact = self.matter.with_user(outsider)
        self.assertEqual(contact.read(["name"])[0]["name"], self.matter.name)
        self.assertIn(
            self.matter,
            self.env["kp.agenda.item"].with_user(outsider).search([]),
        )
        with self.assertRaises(AccessError):
            contact.answer = "theme"
        self.assertFalse(self.matter.answer)
        # a participant's own proposal names no one else to tell
        with self.assertRaises(AccessError):
            self.env["kp.agenda.item"].with_user(self.user_participant).create(
                {
                    "table_id": self.table.id,
                    "name": "Kenelle kerrotaan",
                    "contact_partner_id": self.person_resident.id,
                }
            )
        # the manager of the municipality answers
        self.matter.with_user(self.user_manager).answer = "theme"
        self.assertEqual(self.matter.answer, "theme")
        self.assertEqual(
            participant.read(["answer"])[0]["answer"], "theme", "the table reads it"
        )
        # the coordinator of the table answers too
        self.item.with_user(self.user_coordinator).answer = "agenda"
        self.assertEqual(self.item.answer, "agenda")

    # --- the regional intake --------------------------------------------------

    def test_intake_counts_answered_and_decided(self):
        self.item.theme_id = self.theme
        handoff = self._handoff()
        self.item.answer = "decision"
        self.env.flush_all()
        Report = self.env["kp.intake.report"]
        rows = Report.search([("agenda_item_id", "in", (self.item | self.matter).ids)])
        by_item = {row.agenda_item_id: row for row in rows}
        self.assertEqual(by_item[self.item].answered_count, 1)
        self.assertEqual(by_item[self.item].decided_count, 0)
        self.assertEqual(by_item[self.matter].answered_count, 0)
        handoff.write({"decision_date": "2026-03-12"})
        handoff.action_approve()
        self.env.flush_all()
        groups = Report._read_group(
            [("table_id", "=", self.table.id)],
            ["source_name"],
            ["item_count:sum", "answered_count:sum", "decided_count:sum"],
        )
        self.assertEqual(groups, [("Jäppilä", 2, 1, 1)])


@tagged("post_install", "-at_install")
class TestPortalAnswers(PortalPages):
    """The portal's list of a person's matters shows each answer, what was
    agreed and, later, the decision, in a flat number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_swedish()

    def _answered_matters(self, count, start=0):
        """``count`` proposals of the portal participant taken onto the agenda
        of a past meeting, agreed on in approved minutes, handed to the city
        board and decided; each answered 'handed to decision'."""
        meeting = self._meeting_in(self.table_a, -7, name=f"Tapaaminen {start}")
        Item = self.env["kp.agenda.item"].with_context(tracking_disable=True)
        items = Item.create(
            [
                {
                    "meeting_id": meeting.id,
                    "proposer_id": self.portal_seat.id,
                    "name": f"Asia {index:03d}",
                }
                for index in range(start, start + count)
            ]
        )
        agreements = self.env["kp.agreement"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "agenda_item_id": item.id,
                    "name": f"Sovittiin asiasta {item.name}.",
                }
                for item in items
            ]
        )
        meeting.action_held()
        meeting.action_draft_minutes()
        meeting.action_approve_minutes()
        self.env["kp.decision.handoff"].create(
            [
                {
                    "agreement_id": agreement.id,
                    "addressee": "Kaupunginhallitus",
                    "case_number": f"PKS {index}/2026",
                    "decision_date": "2026-03-12",
                    "decision_section": "123",
                    "state": "approved",
                }
                for index, agreement in enumerate(agreements, start=start)
            ]
        )
        items.answer = "decision"
        return items

    def test_matters_with_answers_and_decisions(self):
        decided = self._answered_matters(1)
        theme = self.env["kp.theme"].create(
            {"table_id": self.table_b.id, "name": "Kylätiet"}
        )
        # a village's matter at a table the person does not sit at, whose
        # contact they are; and someone else's matter there
        matter = self._village_matter(self.table_b)
        matter.write(
            {"contact_partner_id": self.portal_partner.id, "theme_id": theme.id}
        )
        matter.answer = "theme"
        other = self._village_matter(self.table_b)
        other.name = "Toisen kyläläisen asia"
        html, _queries = self._get("/my/kp/proposals")
        for text in (
            "Asia 000",
            "Answer:",
            "Handed to Decision",
            "Sovittiin asiasta Asia 000.",
            "In decision-making: PKS 0/2026 – decided Mar 12, 2026 § 123",
            "Kylätien valaistus",
            "Made Part of a Theme",
            "Kylätiet",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Toisen kyläläisen asia", html)
        # the table of a matter at a table the person does not sit at is
        # named, not linked: every table link on the page opens
        self.assertIn(self.table_b.name, html)
        links = set(re.findall(r'href="(/my/kp/tables/\d+)"', html))
        self.assertEqual(links, {f"/my/kp/tables/{self.table_a.id}"})
        for link in links:
            self.assertEqual(self.url_open(link).status_code, 200, link)
        self.assertEqual(decided.answer_partner_id, self.portal_partner)
        self._login_portal("fi_FI")
        html, _queries = self._get("/my/kp/proposals")
        for text in (
            "Vastaus:",
            "Viety päätettäväksi",
            "Päätöksenteossa: PKS 0/2026 – päätetty 12.3.2026 § 123",
            "Liitetty teemaan",
        ):
            self.assertIn(text, html)
        self._login_portal("sv_SE")
        html, _queries = self._get("/my/kp/proposals")
        self.assertIn("Överlämnat för beslut", html)

    def test_matters_page_queries_are_flat(self):
        self._answered_matters(5)
        _html, small = self._get("/my/kp/proposals")
        self._answered_matters(25, start=5)
        self.url_open("/my/kp/proposals")  # warmed, as _get does
        with self.assertQueryCount(small):
            html = self.url_open("/my/kp/proposals").text
        self.assertIn("Sovittiin asiasta Asia 029.", html)
        self.assertIn("In decision-making: PKS 29/2026", html)


@tagged("post_install", "-at_install")
class TestEmailProposalAnswered(KpRepliesCommon):
    """A proposal that came by e-mail (a reply to the invitation) is answered
    like any other: one e-mail to its proposer, in their language."""

    def test_reply_proposal_not_taken_is_answered_once(self):
        [mail] = self._mails(self.person_volunteer, "Invitation to")
        self._process("outlook_proposal.eml", to=self._reply_address(mail))
        [proposal] = self.env["kp.agenda.item"].search(
            [("table_id", "=", self.table.id), ("state", "=", "proposed")]
        )
        since = self._last_mail_id()
        coordinator = proposal.with_user(self.user_coordinator)
        vals = {"answer": "not_taken", "decline_reason": "Kirjasto päättää itse."}
        coordinator.write(vals)
        coordinator.write(vals)
        [answer] = self._sent_to(self.person_volunteer, since)
        self.assertEqual(
            answer.subject,
            "What became of your proposal: Ehdotus: kirjaston aukioloajat iltaisin",
        )
        self.assertIn("did not take it up", answer.body_html)
        self.assertIn("Kirjasto päättää itse.", answer.body_html)
        self.assertEqual(proposal.state, "declined")
        self.assertFalse(proposal.meeting_id)
        self._assert_no_other_address(
            answer,
            self.person_volunteer,
            self.person_official | self.user_coordinator.partner_id,
        )

"""An agreement handed off to the municipality's decision-making (issue #23):
sent by the registry e-mail connector as an extract, registered by the
registry's reply through Odoo's mail gateway, decided, and shown back on the
agreement; each step told to the coordinators and the proposer; bad input
refused with nothing written; each role's access."""

from string import Template

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import file_open

from .common import KpMinutesCommon

REGISTRY = "kirjaamo@pieksamaki.example.org"


@tagged("post_install", "-at_install")
class TestDecisionHandoff(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_company()
        cls.company = cls.env.company
        cls.company.kp_registry_email = REGISTRY
        cls.theme = cls.env["kp.theme"].create(
            {"table_id": cls.table.id, "name": "Kylien valaistus"}
        )
        cls.meeting, cls.agreement = cls._lighting_agreement(
            theme=cls.theme, proposer=cls.seat_volunteer
        )
        cls.item = cls.meeting.agenda_item_ids
        cls.draft_meeting = cls._held_meeting(items=["Kesken"])
        cls.unapproved = cls._agree(
            cls.draft_meeting, "Ei vielä hyväksytty.", cls.draft_meeting.agenda_item_ids
        )
        cls.user_portal = new_test_user(
            cls.env, "kp_ho_portal", groups="base.group_portal", name="Pia Portal"
        )
        cls._seat(cls.table, cls.user_portal.partner_id, [cls.role_member])

    def _handoff(self, user=None, **vals):
        Handoff = self.env["kp.decision.handoff"]
        if user:
            Handoff = Handoff.with_user(user)
        return Handoff.create(
            {
                "agreement_id": self.agreement.id,
                "addressee": "Kaupunginhallitus",
                **vals,
            }
        )

    def _reply(self, sent, case):
        """The registry's reply to the sent extract, through Odoo's gateway."""
        with file_open("kumppanuuspoyta/tests/data/handoff/registry_reply.eml") as f:
            raw = Template(f.read()).substitute(
                sender=REGISTRY,
                to="catchall@example.com",
                subject=sent.subject,
                references=sent.message_id,
                token=sent.id,
                case=case,
            )
        return self.env["mail.thread"].message_process(False, raw.encode())

    def _registry_mail(self, handoff):
        registry = self.env["res.partner"].search([("email", "=", REGISTRY)])
        return self.env["mail.mail"].search(
            [
                ("model", "=", handoff._name),
                ("res_id", "=", handoff.id),
                ("recipient_ids", "in", registry.ids),
            ]
        )

    # --- the flow ----------------------------------------------------------

    def test_send_register_by_reply_and_decide(self):
        handoff = self._handoff(self.user_coordinator)
        self.assertEqual(handoff.table_id, self.table)
        self.assertTrue(handoff.with_user(self.user_coordinator).can_send)
        handoff.with_user(self.user_coordinator).action_send()
        self.assertEqual(handoff.state, "sent")
        mail = self._registry_mail(handoff)
        self.assertEqual(len(mail), 1, "the extract goes to the registry")
        self.assertIn("Kaupunginhallitus", mail.body_html)
        self.assertEqual(len(mail.attachment_ids), 1, "the extract is attached")
        extract = mail.attachment_ids.raw.decode(errors="ignore")
        self.assertIn("Valaistus viedään kaupunginhallituksen", extract)
        self.assertIn("Valmistele esitys", extract)
        self.assertIn("Kylätien valaistus", extract)
        # the proposer (a contact) is told by e-mail
        told = self._mails(self.person_volunteer).filtered(
            lambda m: m.model == handoff._name
        )
        self.assertEqual(len(told), 1)
        self.assertIn("Sent", told.body_html)
        # the coordinators are told too
        for user in (self.user_coordinator, self.user_convener):
            self.assertTrue(
                self.env["mail.message"].search_count(
                    [
                        ("model", "=", handoff._name),
                        ("res_id", "=", handoff.id),
                        ("partner_ids", "in", user.partner_id.ids),
                    ]
                ),
                user.name,
            )
        # the registry answers; Odoo routes the reply by its references
        self._reply(mail.mail_message_id, "pks 45/2026")
        self.assertEqual(handoff.state, "registered")
        self.assertEqual(handoff.case_number, "PKS 45/2026")
        self.assertEqual(
            self.agreement.decision_line, "In decision-making: PKS 45/2026"
        )
        # decided needs its date
        coordinator = handoff.with_user(self.user_coordinator)
        self.assertFalse(coordinator.can_approve)
        with self.assertRaises(UserError):
            coordinator.action_approve()
        coordinator.write({"decision_date": "2026-03-12", "decision_section": "123"})
        self.assertTrue(coordinator.can_approve)
        coordinator.action_approve()
        self.assertEqual(handoff.state, "approved")
        self.agreement.invalidate_recordset()
        self.assertEqual(
            self.agreement.with_context(lang="en_US").decision_line,
            "In decision-making: PKS 45/2026 – decided Mar 12, 2026 § 123",
        )
        self.assertEqual(
            self.agreement.with_context(lang="fi_FI").decision_line,
            "Päätöksenteossa: PKS 45/2026 – päätetty 12.3.2026 § 123",
        )
        # the chatter keeps every step (tracking is written at commit, as
        # MailCommon.flush_tracking does)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = handoff.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        # one transaction here: Odoo tracks the state from first to last
        self.assertTrue(tracked)
        # the minutes stayed approved and unchanged
        self.assertEqual(self.meeting.state, "minutes_approved")

    def test_reply_from_another_address_registers_nothing(self):
        handoff = self._handoff()
        handoff.action_send()
        mail = self._registry_mail(handoff)
        with file_open("kumppanuuspoyta/tests/data/handoff/registry_reply.eml") as f:
            raw = Template(f.read()).substitute(
                sender="someone@example.org",
                to="catchall@example.com",
                subject=mail.subject,
                references=mail.message_id,
                token="x",
                case="45/2026",
            )
        self.env["mail.thread"].message_process(False, raw.encode())
        self.assertEqual(handoff.state, "sent")
        self.assertFalse(handoff.case_number)

    def test_case_number_typed_in(self):
        handoff = self._handoff(self.user_coordinator)
        handoff.action_send()
        coordinator = handoff.with_user(self.user_coordinator)
        self.assertFalse(coordinator.can_register)
        coordinator.case_number = "  hel 2024-015249 "
        self.assertEqual(handoff.case_number, "HEL 2024-015249")
        coordinator.action_register()
        self.assertEqual(handoff.state, "registered")

    def test_proposer_told_in_finnish(self):
        self._load_finnish()
        self.person_volunteer.lang = "fi_FI"
        handoff = self._handoff()
        handoff.action_send()
        told = self._mails(self.person_volunteer).filtered(
            lambda m: m.model == handoff._name
        )
        self.assertIn("Lähetetty", told.body_html)
        self.assertIn("Päätöksenteossa", told.body_html)

    # --- bad input ------------------------------------------------------------

    def test_bad_input_is_refused_and_nothing_written(self):
        Handoff = self.env["kp.decision.handoff"]
        count = Handoff.search_count([])
        with self.assertRaises(ValidationError):
            self._handoff(agreement_id=self.unapproved.id)
        with self.assertRaises(AccessError):
            self._handoff(self.user_other)
        for case in ("     ", "X" * 500, "12/2026\x07"):
            with self.subTest(case=case), self.assertRaises(ValidationError):
                self._handoff(case_number=case)
        for link in ("http://paatokset.example.org/1", "javascript:alert(1)", "x"):
            with self.subTest(link=link), self.assertRaises(ValidationError):
                self._handoff(link=link)
        self.assertEqual(Handoff.search_count([]), count)
        handoff = self._handoff(link="https://paatokset.hel.fi/fi/asia/hel-2024-1")
        with self.assertRaises(ValidationError):
            handoff.write({"state": "approved"})
        self.assertEqual(handoff.state, "draft")

    def test_back_from_decided_only_by_a_manager(self):
        handoff = self._handoff()
        handoff.action_send()
        handoff.write({"case_number": "45/2026", "decision_date": "2026-03-12"})
        handoff.action_approve()
        coordinator = handoff.with_user(self.user_coordinator)
        for press in (
            lambda h: h.write({"state": "registered"}),
            lambda h: h.action_withdraw(),
            lambda h: h.action_return(),
        ):
            with self.assertRaises(UserError):
                press(coordinator)
        self.assertEqual(handoff.state, "approved")
        self.assertFalse(coordinator.can_withdraw)
        manager = handoff.with_user(self.user_manager)
        self.assertTrue(manager.can_return)
        manager.action_return()
        self.assertEqual(handoff.state, "returned")
        manager.action_withdraw()
        self.assertEqual(handoff.state, "withdrawn")

    # --- access ---------------------------------------------------------------

    def test_access_as_each_role(self):
        handoff = self._handoff(self.user_coordinator)
        for user in (self.user_participant, self.user_portal):
            self.assertEqual(
                handoff.with_user(user).read(["case_number", "state"])[0]["state"],
                "draft",
                user.name,
            )
            with self.assertRaises(AccessError):
                self._handoff(user)
            with self.assertRaises(AccessError):
                handoff.with_user(user).action_send()
        with self.assertRaises(AccessError):
            handoff.with_user(self.user_other).read(["state"])
        self.assertFalse(
            self.env["kp.decision.handoff"].with_user(self.user_other).search([])
        )
        # the manager sends for any table of the municipality
        self.assertTrue(handoff.with_user(self.user_manager).can_send)

    def test_sent_handoff_is_kept(self):
        handoff = self._handoff()
        handoff.action_send()
        with self.assertRaises(UserError):
            handoff.with_user(self.user_manager).unlink()
        self.assertTrue(handoff.exists())

    def test_smart_button_on_the_agreement(self):
        agreement = self.agreement.with_user(self.user_coordinator)
        self.assertTrue(agreement.minutes_approved)
        action = agreement.action_open_handoffs()
        self.assertEqual(action["context"]["default_agreement_id"], agreement.id)
        handoff = self._handoff(self.user_coordinator)
        self.assertEqual(agreement.handoff_count, 1)
        # the theme's form lists it with what became of it
        theme = self.theme.with_user(self.user_participant)
        self.assertEqual(theme.handoff_ids, handoff)

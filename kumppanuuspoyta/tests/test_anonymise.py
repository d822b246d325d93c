"""A resident asks to be erased (GDPR art. 17): the person is anonymised and
the table keeps what it agreed (issue #22)."""

import base64
import re

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KpMinutesCommon
from .webclient import specification, visible_buttons

# a 1x1 PNG: the resident's photo
PHOTO = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
)
NAME = "Riitta Asukas"
EMAIL = "riitta.asukas@example.org"


@tagged("post_install", "-at_install")
class TestAnonymise(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # the municipality speaks Finnish: the anonymous name is in its language
        cls.company.partner_id.lang = "fi_FI"
        cls.resident = cls.person_resident
        cls.resident.write(
            {
                "email": EMAIL,
                "phone": "+358 40 123 4567",
                "street": "Kylätie 5",
                "zip": "41900",
                "city": "Petäjävesi",
                "comment": "<p>Toivoo iltakokouksia.</p>",
                "image_1920": PHOTO,
            }
        )
        cls.user_resident = new_test_user(
            env,
            EMAIL,
            groups="base.group_portal",
            partner_id=cls.resident.id,
            name=NAME,
            email=EMAIL,
        )
        cls.seat_resident = cls._seat(
            cls.table, cls.resident, [cls.role_member], notes="Asuu Kylätiellä."
        )
        # proposed, attended, committed (tracked: the responsible person
        # changed to her), commented with an attachment
        cls.proposal = env["kp.agenda.item"].create(
            {
                "table_id": cls.table.id,
                "name": "Kylätien valaistus",
                "proposer_id": cls.seat_resident.id,
            }
        )
        cls.meeting = cls._held_meeting(items=["Kylätien valaistus"])
        cls._agree(
            cls.meeting,
            "Valaistus selvitetään.",
            cls.meeting.agenda_item_ids,
            [
                cls._association_commitment(
                    "Kysy tievalaistuksen hinta", cls.person_volunteer
                )
            ],
        )
        cls.commitment = cls.meeting.agreement_ids.commitment_ids
        # tracked: the responsible person changes to her after creation
        env.cr.precommit.run()
        cls.commitment.responsible_partner_id = cls.resident
        env.cr.precommit.run()
        cls.meeting.action_draft_minutes()
        cls.meeting.with_user(cls.user_coordinator).action_approve_minutes()
        cls.minutes = cls.meeting.minutes_ids
        cls.comment = cls.commitment.message_post(
            body="Kysyin jo sähkölaitokselta.",
            author_id=cls.resident.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("tarjous.txt", b"Riitta Asukas, Kylatie 5")],
        )
        cls.commitment.message_subscribe(cls.resident.ids)
        env.flush_all()

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _lookup(self, name=NAME, email=EMAIL):
        """What Odoo's own privacy lookup finds of the person, as lines."""
        wizard = self.env["privacy.lookup.wizard"].create(
            {"name": name, "email": email}
        )
        wizard.action_lookup()
        return wizard.line_ids

    def _totals(self):
        """The totals the dashboard and the analyses show."""
        env = self.env
        return [
            env["kp.attendance.report"]._read_group(
                [], ["organisation_id"], ["invited_count:sum", "attended_count:sum"]
            ),
            env["kp.commitment.report"]._read_group(
                [], ["organisation_id"], ["__count"]
            ),
            self.table.participant_count,
            len(self.table.meeting_ids.agenda_item_ids),
        ]

    def _anonymise(self, user, partner=None):
        partner = partner or self.resident
        wizard = (
            self.env["kp.anonymise.wizard"]
            .with_user(user)
            .with_context(lang="fi_FI")
            .create({"partner_id": partner.id})
        )
        return wizard.action_anonymise()

    def _assert_untouched(self, partner, name):
        self.assertEqual(partner.name, name)
        self.assertFalse(partner.kp_anonymised_on)
        self.assertFalse(
            self.env["privacy.log"].search([("create_date", ">=", self.started)])
        )

    def setUp(self):
        super().setUp()
        self.started = self.env.cr.now()

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_anonymised_resident_found_nowhere_and_record_kept(self):
        found = self._lookup()
        self.assertTrue(
            {
                "res.partner",
                "res.users",
                "kp.participant",
                "kp.agenda.item",
                "kp.commitment",
                "kp.attendance",
                "kp.minutes",
                "mail.message",
            }
            <= set(found.mapped("res_model"))
        )
        self.assertIn(NAME, self.minutes.body)
        self.assertIn(
            NAME,
            self.commitment.message_ids.tracking_value_ids.mapped("new_value_char"),
        )
        approved_body = self.minutes.body
        totals = self._totals()

        self._anonymise(self.user_manager)

        resident = self.resident
        number = resident.id
        self.assertEqual(resident.name, f"Poistettu osallistuja #{number}")
        for field in ("email", "phone", "street", "zip", "city", "comment"):
            self.assertFalse(resident[field], field)
        self.assertFalse(resident.image_1920)
        self.assertFalse(self.seat_resident.notes)
        # Odoo's own lookup, and every place a name is copied as text
        self.assertFalse(self._lookup())
        Tracking = self.env["mail.tracking.value"]
        for column in ("old_value_char", "new_value_char"):
            self.assertFalse(Tracking.search([(column, "ilike", NAME)]))
        self.assertIn(
            f"Poistettu osallistuja #{number}",
            self.commitment.message_ids.tracking_value_ids.mapped("new_value_char"),
        )
        self.assertEqual(self.comment.body, "<p>[poistettu]</p>")
        self.assertFalse(self.comment.attachment_ids)
        self.assertFalse(
            self.env["mail.followers"].search([("partner_id", "=", resident.id)])
        )
        self.assertFalse(
            self.env["mail.notification"].search([("res_partner_id", "=", resident.id)])
        )
        log = self.env["privacy.log"].search([("create_date", ">=", self.started)])
        self.assertEqual(log.anonymized_name, "R***** A*****")
        self.assertIn("kp.commitment", log.records_description)
        # portal access revoked by Odoo: the account is archived and queued
        user = self.user_resident.with_context(active_test=False)
        self.assertFalse(user.active)
        self.assertNotIn(EMAIL, user.login)
        # the record stays, pointing at the anonymous contact
        self.assertEqual(self.proposal.proposer_id, self.seat_resident)
        self.assertEqual(self.seat_resident.partner_id, resident)
        self.assertEqual(self.commitment.responsible_partner_id, resident)
        self.assertIn(resident, self.meeting.attendance_ids.partner_id)
        self.assertEqual(self._totals(), totals)
        activity = self.commitment.activity_ids
        self.assertEqual(activity.summary, "Määrää uusi henkilö")
        self.assertIn(activity.user_id, self.table.coordinator_user_ids)
        # the approved minutes stay byte-identical, for managers only
        self.assertEqual(self.minutes.body, approved_body)
        self.assertTrue(self.minutes.kp_restricted)
        self.assertEqual(
            self.env["kp.minutes"]
            .with_user(self.user_manager)
            .search([("id", "=", self.minutes.id)]),
            self.minutes,
        )
        for user in (self.user_coordinator, self.user_participant):
            self.assertFalse(
                self.env["kp.minutes"]
                .with_user(user)
                .search([("meeting_id", "=", self.meeting.id)])
            )

    def test_second_run_changes_nothing(self):
        self._anonymise(self.user_manager)
        self.env.flush_all()
        written = self.resident.write_date
        logs = self.env["privacy.log"].search_count([])
        activities = len(self.commitment.activity_ids)
        self._anonymise(self.user_manager)
        self.assertFalse(self.resident._kp_anonymise())
        self.env.flush_all()
        self.assertEqual(self.resident.write_date, written)
        self.assertEqual(self.env["privacy.log"].search_count([]), logs)
        self.assertEqual(len(self.commitment.activity_ids), activities)

    def test_the_participant_form_offers_anonymising_once(self):
        """The manager's participant form shows Anonymise until the person
        is anonymised, as the web client draws it (get_views, web_read)."""

        def shown():
            Participant = self.env["kp.participant"].with_user(self.user_manager)
            views = Participant.get_views([(False, "form")])
            arch = etree.fromstring(views["views"]["form"]["arch"])
            spec = specification(arch, "kp.participant", views["models"])
            [data] = self.seat_resident.with_env(Participant.env).web_read(spec)
            context = {"uid": self.user_manager.id}
            buttons = visible_buttons(arch, data, context)
            return {node.get("name") for node, *_ in buttons}

        self.assertIn("action_kp_anonymise_wizard", shown())
        self._anonymise(self.user_manager)
        self.assertNotIn("action_kp_anonymise_wizard", shown())

    def test_refused_and_nothing_written(self):
        for partner, name, error in (
            (self.org_city, "Testikaupunki", "organisaatio"),
            (
                self.user_participant.partner_id,
                "Paula Participant",
                "sisäinen käyttäjä",
            ),
        ):
            with self.subTest(name=name), self.assertRaisesRegex(UserError, error):
                self._anonymise(self.user_manager, partner)
            self._assert_untouched(partner, name)

    def test_only_managers_of_the_municipality(self):
        # coordinators and portal users cannot open the form
        for user in (self.user_coordinator, self.user_resident):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self._anonymise(user)
        # nor call the method through their own rights
        with self.assertRaisesRegex(UserError, "Vain kumppanuuspöytien"):
            self.resident.with_user(self.user_coordinator).with_context(
                lang="fi_FI"
            )._kp_anonymise()
        self._assert_untouched(self.resident, NAME)
        # a manager of another municipality: not their resident
        self._setup_other_company()
        with self.assertRaisesRegex(UserError, re.escape(self.company.name)):
            self.env["kp.anonymiser"].with_user(self.user_other)._anonymise(
                self.resident
            )
        # a resident who also sits at the other municipality's table: not
        # for this municipality's manager alone
        self.table_other.sudo().write(
            {
                "participant_ids": [
                    Command.create({"partner_id": self.resident.id}),
                ]
            }
        )
        with self.assertRaisesRegex(UserError, "Toinen kunta"):
            self._anonymise(self.user_manager)
        self._assert_untouched(self.resident, NAME)

    def test_privacy_lookup_offers_anonymise_and_keeps_the_table(self):
        lines = (
            self._lookup()
            .with_user(self.env.ref("base.user_admin"))
            .with_context(lang="fi_FI")
        )
        commitment_line = lines.filtered(lambda line: line.res_model == "kp.commitment")
        self.assertTrue(commitment_line.kp_table_record)
        with self.assertRaisesRegex(UserError, "ei poisteta"):
            lines.action_unlink_all()
        with self.assertRaisesRegex(UserError, "ei arkistoida"):
            lines.action_archive_all()
        self.assertTrue(self.commitment.exists())
        self.assertTrue(self.seat_resident.active)
        self._assert_untouched(self.resident, NAME)
        commitment_line.action_kp_anonymise()
        self.assertEqual(
            self.resident.name, f"Poistettu osallistuja #{self.resident.id}"
        )
        self.assertTrue(self.commitment.exists())

    def test_portal_user_deleting_their_account_is_anonymised(self):
        self.user_resident.with_user(
            self.user_resident
        ).sudo()._deactivate_portal_user()
        self.assertEqual(
            self.resident.name, f"Poistettu osallistuja #{self.resident.id}"
        )
        self.assertFalse(self.resident.email)
        self.assertFalse(self._lookup())
        self.assertEqual(self.seat_resident.partner_id, self.resident)

    def test_redact_replaces_the_minutes_with_a_new_version(self):
        self.company.kp_minutes_erasure = "redact"
        approved_body = self.minutes.body
        self._anonymise(self.user_manager)
        versions = self.meeting.minutes_ids.sorted("version")
        self.assertEqual(len(versions), 2)
        self.assertEqual(versions[0].body, approved_body)
        self.assertTrue(versions[0].kp_restricted)
        redacted = versions[1]
        self.assertFalse(redacted.kp_restricted)
        self.assertNotIn(NAME, redacted.body)
        self.assertIn(f"Poistettu osallistuja #{self.resident.id}", redacted.body)
        self.assertIn("GDPR", redacted.correction_reason)
        self.assertEqual(
            self.env["kp.minutes"]
            .with_user(self.user_participant)
            .search([("meeting_id", "=", self.meeting.id)]),
            redacted,
        )

    def test_swedish_municipality_names_in_swedish(self):
        self._load_swedish()
        self._setup_other_company()
        self.other_company.partner_id.lang = "sv_SE"
        person = self.env["res.partner"].create(
            {"name": "Sven Invånare", "email": "sven@example.org"}
        )
        self._seat(self.table_other, person)
        self.env["kp.anonymiser"].with_user(self.user_other)._anonymise(person)
        self.assertEqual(person.name, f"Borttagen deltagare #{person.id}")

"""Odoo's own contact tools keep the table whole (issue #22): merging the
contacts of one person folds their participants at a table into one, or
refuses the whole merge; Odoo's privacy lookup finds the minutes that name
a person."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KpMinutesCommon

# Odoo's right to merge contacts (Contacts > Creation)
MERGE_GROUP = "base.group_partner_manager"


@tagged("post_install", "-at_install")
class TestContactMerge(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls._setup_other_company()
        cls.user_merger = new_test_user(
            env,
            "kp_merger",
            groups=f"kumppanuuspoyta.group_kp_manager,{MERGE_GROUP}",
            name="Mervi Merger",
        )
        # Ville was entered twice: the same person, address and organisation
        cls.volunteer_twin = cls._person(
            "Ville Vapaaehtoinen", cls.org_assoc, "ville@example.com"
        )
        cls.seat_twin = cls._seat(
            cls.table, cls.volunteer_twin, [cls.role_member], notes="Toinen kortti."
        )
        cls.seat_volunteer.notes = "Ensimmäinen kortti."
        # both seats were at a held meeting: Ville's attendance is doubled
        cls.meeting = cls._held_meeting(items=["Kevään retki"])
        cls.meeting.attendance_ids.filtered(
            lambda line: line.participant_id == cls.seat_volunteer
        ).status = "absent"
        cls.proposal = env["kp.agenda.item"].create(
            {
                "table_id": cls.table.id,
                "name": "Syysretken kohde",
                "proposer_id": cls.seat_twin.id,
            }
        )
        cls._agree(
            cls.meeting,
            "Retki tehdään toukokuussa.",
            cls.meeting.agenda_item_ids,
            [cls._association_commitment("Tilaa bussi", cls.volunteer_twin)],
        )
        cls.commitment = cls.meeting.agreement_ids.commitment_ids
        # the minutes are approved: the attendance is frozen
        cls.meeting.action_draft_minutes()
        cls.meeting.with_user(cls.user_coordinator).action_approve_minutes()
        # a coming meeting the twin chairs
        cls.coming = cls._meeting(chair_id=cls.seat_twin.id)
        cls.seat_twin.message_post(body="Kortti tehty puhelimessa.")

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _merge(self, user, partners, dst_partner, lang="fi_FI"):
        """Merge as the web client does: Odoo's wizard opened on the
        contacts, the destination chosen, Merge pressed."""
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .with_context(lang=lang)
            .create(
                {
                    "state": "selection",
                    "partner_ids": [Command.set(partners.ids)],
                    "dst_partner_id": dst_partner.id,
                }
            )
        )
        return wizard.action_merge()

    def _totals(self):
        """The totals the dashboard and the analyses show, by organisation."""
        env = self.env
        env.flush_all()
        return [
            env["kp.attendance.report"]._read_group(
                [], ["organisation_id"], ["invited_count:sum", "attended_count:sum"]
            ),
            env["kp.commitment.report"]._read_group(
                [], ["organisation_id"], ["__count"]
            ),
            self.table.organisation_count,
        ]

    def _state(self, *partners):
        """What a merge may change, to compare before and after a refusal."""
        self.env.flush_all()
        seats = (
            self.env["kp.participant"]
            .with_context(active_test=False)
            .search([("partner_id", "in", [p.id for p in partners])])
        )
        return [
            [p.exists().id for p in partners],
            [(s.id, s.partner_id.id, s.table_id.id, s.state) for s in seats],
            sorted(self.env["kp.attendance"].search([]).ids),
        ]

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_two_seats_at_one_table_fold_into_one(self):
        ville, twin = self.person_volunteer, self.volunteer_twin
        table = self.table
        count = table.participant_count
        totals = self._totals()
        approved = self.meeting.minutes_ids.body
        self.assertEqual(
            len(
                self.meeting.attendance_ids.filtered(
                    lambda line: line.partner_id in ville | twin
                )
            ),
            2,
        )

        self._merge(self.user_merger, ville | twin, ville)

        self.assertFalse(twin.exists())
        seats = table.participant_ids.filtered(lambda seat: seat.partner_id == ville)
        self.assertEqual(seats, self.seat_volunteer)
        self.assertFalse(self.seat_twin.exists())
        # the table counts one person once
        self.assertEqual(table.participant_count, count - 1)
        self.assertEqual(table.member_partner_ids.filtered(lambda p: p == ville), ville)
        # attendance moved, one record per meeting, the one that counts
        lines = self.meeting.attendance_ids.filtered(
            lambda line: line.partner_id == ville
        )
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines.participant_id, self.seat_volunteer)
        self.assertEqual(lines.status, "present")
        # proposals, meetings chaired, commitments, roles and notes moved
        self.assertEqual(self.proposal.proposer_id, self.seat_volunteer)
        self.assertEqual(self.proposal.proposer_partner_id, ville)
        self.assertEqual(self.coming.chair_id, self.seat_volunteer)
        self.assertEqual(self.commitment.responsible_partner_id, ville)
        self.assertEqual(
            self.seat_volunteer.role_ids, self.role_secretary | self.role_member
        )
        self.assertIn("Toinen kortti.", self.seat_volunteer.notes)
        self.assertIn("Ensimmäinen kortti.", self.seat_volunteer.notes)
        self.assertIn(
            "Kortti tehty puhelimessa.",
            "".join(self.seat_volunteer.message_ids.mapped("body")),
        )
        # invited once to the coming meeting
        self.assertEqual(
            len(
                self.coming.event_id.attendee_ids.filtered(
                    lambda a: a.partner_id == ville
                )
            ),
            1,
        )
        # the dashboard's totals by organisation are those of before, the
        # approved minutes byte-identical
        self.assertEqual(self._totals(), totals)
        self.assertEqual(self.meeting.minutes_ids.body, approved)
        # the kept participant is written as any other
        self.seat_volunteer.with_user(self.user_coordinator).write(
            {"notes": "Yksi kortti."}
        )
        self.seat_volunteer.with_user(self.user_coordinator).action_leave()
        self.assertEqual(self.seat_volunteer.state, "left")
        self.assertEqual(table.participant_count, count - 2)

    def test_the_seat_that_sits_at_the_table_is_kept(self):
        # the destination contact's seat has left; the other one sits there
        self.seat_volunteer.action_leave()
        self._merge(
            self.user_merger,
            self.person_volunteer | self.volunteer_twin,
            self.person_volunteer,
        )
        self.assertFalse(self.seat_volunteer.exists())
        self.assertEqual(self.seat_twin.partner_id, self.person_volunteer)
        self.assertEqual(self.seat_twin.state, "active")
        self.assertEqual(
            len(
                self.meeting.attendance_ids.filtered(
                    lambda line: line.partner_id == self.person_volunteer
                )
            ),
            1,
        )

    def test_one_seat_only_merges_as_in_odoo(self):
        stranger = self._person("Ville V.", self.org_assoc, "ville@example.com")
        count = self.table.participant_count
        self._merge(self.user_merger, self.volunteer_twin | stranger, stranger)
        self.assertFalse(self.volunteer_twin.exists())
        self.assertEqual(self.seat_twin.partner_id, stranger)
        self.assertEqual(self.proposal.proposer_partner_id, stranger)
        self.assertEqual(self.table.participant_count, count)

    def test_seats_at_different_tables_both_stay(self):
        other = self._table("Kyläpöytä", state="active")
        seat_other = self._seat(other, self.volunteer_twin, [self.role_member])
        stranger = self._person("Ville V.", self.org_assoc, "ville@example.com")
        self.seat_twin.with_context(tracking_disable=True).write(
            {"partner_id": stranger.id}
        )
        self._merge(self.user_merger, self.volunteer_twin | stranger, stranger)
        self.assertEqual(self.seat_twin.partner_id, stranger)
        self.assertEqual(seat_other.partner_id, stranger)
        self.assertEqual(other.participant_count, 1)

    def test_refused_for_another_municipalitys_table(self):
        twin_other = self._seat(self.table_other, self.volunteer_twin)
        self._seat(self.table_other, self.person_volunteer)
        partners = self.person_volunteer | self.volunteer_twin
        before = self._state(*partners)
        with self.assertRaises(UserError) as refusal:
            self._merge(self.user_merger, partners, self.person_volunteer)
        self.assertIn("Toisen kunnan pöytä", str(refusal.exception))
        self.assertIn("joita et hallinnoi", str(refusal.exception))
        self.assertEqual(self._state(*partners), before)
        self.assertEqual(twin_other.partner_id, self.volunteer_twin)

    def test_refused_for_different_organisations_in_two_languages(self):
        self._load_swedish()
        self.seat_twin.organisation_id = self.org_city
        partners = self.person_volunteer | self.volunteer_twin
        before = self._state(*partners)
        for lang, words in (
            ("fi_FI", "eri organisaatioiden"),
            ("sv_SE", "olika organisationer"),
        ):
            with self.assertRaises(UserError) as refusal:
                self._merge(self.user_merger, partners, self.person_volunteer, lang)
            self.assertIn(self.table.name, str(refusal.exception))
            self.assertIn(words, str(refusal.exception))
            self.assertEqual(self._state(*partners), before)

    def test_roles_merge_as_odoo_allows_and_the_fold_widens_nothing(self):
        partners = self.person_volunteer | self.volunteer_twin
        # Odoo's own rule: only who may create contacts merges them
        for user in (self.user_participant, self.user_coordinator):
            with self.assertRaises(AccessError):
                self._merge(user, partners, self.person_volunteer)
        # given Odoo's right, a participant or a contact manager outside the
        # tables still cannot fold participants at a table they do not manage
        contact_manager = new_test_user(
            self.env, "kp_contacts", groups=f"base.group_user,{MERGE_GROUP}"
        )
        participant = new_test_user(
            self.env,
            "kp_merging_participant",
            groups=f"kumppanuuspoyta.group_kp_user,{MERGE_GROUP}",
        )
        self._seat(self.table, participant.partner_id, [self.role_member])
        before = self._state(*partners)
        for user in (contact_manager, participant):
            with self.assertRaisesRegex(UserError, self.table.name):
                self._merge(user, partners, self.person_volunteer)
            self.assertEqual(self._state(*partners), before)
        # a coordinator of the table, with Odoo's right, may
        self.user_coordinator.group_ids |= self.env.ref(MERGE_GROUP)
        self._merge(self.user_coordinator, partners, self.person_volunteer)
        self.assertFalse(self.seat_twin.exists())


@tagged("post_install", "-at_install")
class TestPrivacyLookupMinutes(KpMinutesCommon):
    def test_lookup_finds_the_minutes_that_name_the_person(self):
        meeting = self._approved_meeting()
        minutes = meeting.minutes_ids
        self.assertIn("Ville Vapaaehtoinen", minutes.body)
        wizard = self.env["privacy.lookup.wizard"].create(
            {"name": "Ville Vapaaehtoinen", "email": "ville@example.com"}
        )
        wizard.action_lookup()
        lines = wizard.line_ids.filtered(lambda line: line.res_model == "kp.minutes")
        self.assertEqual(lines.mapped("res_id"), minutes.ids)
        # the line keeps the minutes: no deleting a table's record
        with self.assertRaises(UserError):
            lines.action_unlink()
        self.assertTrue(minutes.exists())
        # restricted after anonymising, a version is no longer listed
        minutes.sudo().kp_restricted = True
        wizard.action_lookup()
        self.assertFalse(
            wizard.line_ids.filtered(lambda line: line.res_model == "kp.minutes")
        )

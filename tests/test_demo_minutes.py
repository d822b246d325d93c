"""The demo agreements, commitments and approved minutes.

Runs under pytest-odoo in the test database that scripts/test installs with
demo data (kumppanuuspoyta/demo/kp_demo_minutes.xml).
"""

from odoo import fields
from odoo.tests import TransactionCase, tagged

KP = "kumppanuuspoyta"

# Kahvia ja kohtaamisia: each spring occurrence has one responsible organisation.
KEURUU_ROTATION = {
    "kp_demo_org_keurusseudun_sydanyhdistys": "kp_demo_person_pentti_salminen",
    "kp_demo_org_muistiyhdistys_keuruu": "kp_demo_person_eila_nieminen",
    "kp_demo_org_keuruun_kirjastotoimi": "kp_demo_person_sanna_virtanen",
    "kp_demo_org_keuruun_ystavantupa": "kp_demo_person_raili_makela",
    "kp_demo_org_keuruun_vanhusneuvosto": "kp_demo_person_veikko_heikkinen",
    "kp_demo_org_keuruun_seurakunta": "kp_demo_person_leena_jarvinen",
}
APPROVED = ("keuruu_past_2", "toivakka_past", "virtasalmi_past", "maalaiskunta_past")


# Outside odoo.addons.*, Odoo's BaseCase sets no test_tags by itself; tagged() does.
@tagged("post_install", "-at_install")
class TestDemoMinutes(TransactionCase):
    def ref(self, xmlid):
        return self.env.ref(f"{KP}.{xmlid}")

    def meeting(self, key):
        return self.ref(f"kp_demo_meeting_{key}")

    def stage(self, key):
        return self.ref(f"kp_commitment_stage_{key}")

    def test_keuruu_rotation_one_commitment_per_organisation(self):
        meeting = self.meeting("keuruu_past_1")
        agreement = self.ref("kp_demo_agreement_keuruu_rotation")
        self.assertEqual(agreement.meeting_id, meeting)
        self.assertEqual(
            agreement.agenda_item_id, self.ref("kp_demo_agenda_keuruu_past_1_rotation")
        )
        self.assertIn("Kahvia ja kohtaamisia", agreement.name)
        commitments = agreement.commitment_ids
        self.assertEqual(len(commitments), len(KEURUU_ROTATION))
        for org_xmlid, person_xmlid in KEURUU_ROTATION.items():
            with self.subTest(organisation=org_xmlid):
                mine = commitments.filtered(
                    lambda c, o=org_xmlid: c.organisation_id == self.ref(o)
                )
                self.assertEqual(len(mine), 1)
                self.assertEqual(mine.responsible_partner_id, self.ref(person_xmlid))
                self.assertIn("Kahvia ja kohtaamisia", mine.name)
                self.assertTrue(mine.deadline)
                self.assertEqual(mine.meeting_id, meeting)
                self.assertEqual(mine.table_id, self.ref("kp_demo_table_keuruu"))
        # one occurrence after the other, in the agreed order
        ordered = commitments.sorted("deadline")
        self.assertEqual(
            ordered.organisation_id.ids,
            [self.ref(xmlid).id for xmlid in KEURUU_ROTATION],
        )
        self.assertEqual(
            set(commitments.stage_id.ids),
            {self.stage(k).id for k in ("done", "progress", "todo")},
        )

    def test_toivakka_bulletin_shares_work_between_municipality_and_associations(self):
        meeting = self.meeting("toivakka_past")
        self.assertEqual(meeting.table_id, self.ref("kp_demo_table_toivakka"))
        self.assertLess(meeting.start, fields.Datetime.now())
        self.assertTrue(meeting.attendance_ids)
        self.assertEqual(meeting.next_meeting_id, self.meeting("toivakka_next"))
        agreement = self.ref("kp_demo_agreement_toivakka_bulletin")
        self.assertIn("kuntatiedot", agreement.name.lower())
        organisations = agreement.commitment_ids.organisation_id
        self.assertIn(self.ref("kp_demo_org_toivakan_kunta"), organisations)
        sectors = set(organisations.kp_sector_id.ids)
        self.assertIn(self.ref("kp_sector_municipality").id, sectors)
        self.assertIn(self.ref("kp_sector_association").id, sectors)
        self.assertGreaterEqual(len(organisations), 4)

    def test_joutsa_hyvinvointitupa_premises_hours_and_volunteers(self):
        meeting = self.meeting("joutsa_past")
        self.assertEqual(meeting.state, "held")
        names = " ".join(meeting.commitment_ids.mapped("name")).lower()
        for word in ("tilojen", "aukioloajat", "päivystysvuorolista"):
            self.assertIn(word, names)
        self.assertEqual(meeting.agreement_ids.agenda_item_id, meeting.agenda_item_ids)
        self.assertIn(self.stage("cancelled"), meeting.commitment_ids.stage_id)

    def test_every_commitment_has_an_owner_and_some_are_overdue(self):
        commitments = self.env["kp.commitment"].search(
            [("agreement_id", "in", self._demo_agreements().ids)]
        )
        self.assertGreaterEqual(len(commitments), 20)
        for commitment in commitments:
            with self.subTest(commitment=commitment.name):
                self.assertTrue(commitment.organisation_id.is_company)
                self.assertEqual(
                    commitment.meeting_id, commitment.agreement_id.meeting_id
                )
                self.assertEqual(commitment.table_id, commitment.meeting_id.table_id)
                self.assertTrue(commitment.deadline)
        overdue = commitments.filtered("is_overdue")
        self.assertGreaterEqual(len(overdue), 3)
        self.assertEqual(
            overdue,
            self.env["kp.commitment"].search([("is_overdue", "=", True)]) & commitments,
        )
        self.assertEqual(set(overdue.mapped("state")), {"open"})
        self.assertEqual(
            set(commitments.mapped("state")), {"open", "done", "cancelled"}
        )
        # per organisation: the kind of report the tables look at
        groups = self.env["kp.commitment"]._read_group(
            [("id", "in", commitments.ids)], ["organisation_id"], ["__count"]
        )
        self.assertGreaterEqual(len(groups), 15)

    def test_minutes_approved_and_frozen(self):
        for key in APPROVED:
            meeting = self.meeting(key)
            with self.subTest(meeting=key):
                self.assertEqual(meeting.state, "minutes_approved")
                minutes = meeting.minutes_ids
                self.assertEqual(len(minutes), 1)
                self.assertEqual(minutes.version, 1)
                self.assertTrue(minutes.is_current)
                self.assertTrue(minutes.approved_date)
                # approved in Finnish, the table's working language
                self.assertIn("Asialista ja sovitut asiat", minutes.body)
                self.assertNotIn("Agenda and agreements", minutes.body)
                for agreement in meeting.agreement_ids:
                    self.assertIn(agreement.name, minutes.body)
                for commitment in meeting.commitment_ids:
                    self.assertIn(commitment.name, minutes.body)
        # the meetings whose minutes are not approved yet keep their agreements open
        for key in ("keuruu_past_1", "joutsa_past"):
            with self.subTest(meeting=key):
                self.assertTrue(self.meeting(key).agreement_ids)
                self.assertFalse(self.meeting(key).minutes_ids)

    def _demo_agreements(self):
        return self.env["kp.agreement"].search(
            [
                (
                    "meeting_id",
                    "in",
                    [
                        self.meeting(key).id
                        for key in (
                            "keuruu_past_2",
                            "keuruu_past_1",
                            "toivakka_past",
                            "joutsa_past",
                        )
                    ],
                )
            ]
        )

"""The demo joint activities: Keuruu's Kahvia ja kohtaamisia spring 2016
roster and Toivakka's Soppaa ja seurustelua.

Runs under pytest-odoo in the test database that scripts/test installs with
demo data (kumppanuuspoyta/demo/kp_demo_joint_activities.xml).
"""

from odoo.tests import TransactionCase, tagged

KP = "kumppanuuspoyta"
KEURUU_ROTATION = {
    "kp_demo_org_keurusseudun_sydanyhdistys": "kp_demo_person_pentti_salminen",
    "kp_demo_org_muistiyhdistys_keuruu": "kp_demo_person_eila_nieminen",
    "kp_demo_org_keuruun_kirjastotoimi": "kp_demo_person_sanna_virtanen",
    "kp_demo_org_keuruun_ystavantupa": "kp_demo_person_raili_makela",
    "kp_demo_org_keuruun_vanhusneuvosto": "kp_demo_person_veikko_heikkinen",
    "kp_demo_org_keuruun_seurakunta": "kp_demo_person_leena_jarvinen",
}


@tagged("post_install", "-at_install")
class TestDemoJoint(TransactionCase):
    def ref(self, xmlid):
        return self.env.ref(f"{KP}.{xmlid}")

    def test_keuruu_spring_2016_roster(self):
        activity = self.ref("kp_demo_activity_kahvia")
        self.assertEqual(activity.table_id, self.ref("kp_demo_table_keuruu"))
        roster = activity.roster_ids.sorted("sequence").organisation_id
        self.assertEqual(roster.ids, [self.ref(x).id for x in KEURUU_ROTATION])
        spring = activity.occurrence_ids.filtered(lambda o: o.start.year == 2016)
        self.assertEqual(
            [(o.organisation_id.id, o.contact_partner_id.id) for o in spring],
            [(self.ref(org).id, self.ref(p).id) for org, p in KEURUU_ROTATION.items()],
        )
        self.assertTrue(all(o.state == "held" and o.visitors for o in spring))
        # the coming season continues with the heart association again
        coming = activity.occurrence_ids - spring
        self.assertEqual(
            coming[0].organisation_id,
            self.ref("kp_demo_org_keurusseudun_sydanyhdistys"),
        )
        self.assertEqual(
            activity._roster_turns(1)[0],
            self.ref("kp_demo_org_keuruun_kirjastotoimi"),
        )

    def test_toivakka_soup_and_contributions(self):
        activity = self.ref("kp_demo_activity_soppaa")
        self.assertEqual(activity.table_id, self.ref("kp_demo_table_toivakka"))
        self.assertEqual(len(activity.occurrence_ids), 3)
        table = activity.table_id
        self.assertEqual(table.contribution_money, 300)
        self.assertEqual(table.contribution_hours, 18)

    def test_contributions_read_in_euros_and_finnish_units(self):
        """The demo municipality's money is in euros and the amounts read in
        the reader's language: "145,50 €" and "6 kertaa", not "$ 145,50" and
        "6,0 times"."""
        self.assertEqual(self.env.ref("base.main_company").currency_id.name, "EUR")
        fi = self.env(context={"lang": "fi_FI"})
        texts = {
            xmlid: fi.ref(f"{KP}.{xmlid}").amount_text.replace("\xa0", " ")
            for xmlid in (
                "kp_demo_contribution_kahvia_parish_coffee",
                "kp_demo_contribution_kahvia_salonki",
                "kp_demo_contribution_kahvia_heart_hours",
            )
        }
        self.assertEqual(
            texts,
            {
                "kp_demo_contribution_kahvia_parish_coffee": "145,50 €",
                "kp_demo_contribution_kahvia_salonki": "6 kertaa",
                "kp_demo_contribution_kahvia_heart_hours": "12 h",
            },
        )

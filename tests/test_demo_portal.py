"""The demo's external participant (kumppanuuspoyta/demo/kp_demo_portal.xml)
signs in to the portal and sees Keuruu's table, its minutes and the
commitment of their association, and nothing of the other tables."""

from odoo.tests import HttpCase, tagged

KP = "kumppanuuspoyta"


@tagged("post_install", "-at_install")
class TestDemoPortal(HttpCase):
    def ref(self, xmlid):
        return self.env.ref(f"{KP}.{xmlid}")

    def test_pentti_on_the_portal(self):
        user = self.ref("kp_demo_user_pentti")
        self.assertTrue(user.share)
        keuruu = self.ref("kp_demo_table_keuruu")
        toivakka = self.ref("kp_demo_table_toivakka")
        self.authenticate("pentti", "pentti")
        response = self.url_open("/my/kp/tables")
        self.assertIn(keuruu.name, response.text)
        self.assertNotIn(toivakka.name, response.text)
        response = self.url_open(f"/my/kp/tables/{keuruu.id}")
        self.assertEqual(response.status_code, 200)
        for minutes in keuruu.meeting_ids.minutes_ids.filtered("is_current"):
            self.assertIn(f"/my/kp/minutes/{minutes.id}", response.text)
        response = self.url_open("/my/kp/commitments")
        sydan = self.ref("kp_demo_org_keurusseudun_sydanyhdistys")
        commitments = self.env["kp.commitment"].search(
            [("organisation_id", "=", sydan.id), ("table_id", "=", keuruu.id)]
        )
        self.assertTrue(commitments)
        for commitment in commitments:
            self.assertIn(commitment.name, response.text)
        response = self.url_open(f"/my/kp/tables/{toivakka.id}")
        self.assertEqual(response.status_code, 404)

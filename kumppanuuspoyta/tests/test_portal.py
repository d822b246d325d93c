from datetime import timedelta

from odoo import fields, http
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import KpFixtures


class KpPortalFixtures(KpFixtures):
    """A portal user of the association seated at table A, not at table B."""

    @classmethod
    def _setup_kp_portal_fixtures(cls):
        cls._setup_kp_fixtures()
        env = cls.env
        cls.user_portal = new_test_user(
            env, "kp_portal", groups="base.group_portal", name="Pia Portal"
        )
        cls.portal_partner = cls.user_portal.partner_id
        cls.portal_partner.parent_id = cls.org_assoc
        cls.table_a = cls._table("Pöytä Alfa")
        cls.table_b = cls._table("Pöytä Beta")
        cls.portal_seat = cls._seat(cls.table_a, cls.portal_partner)
        cls._seat(cls.table_a, cls.person_official)
        cls._seat(cls.table_b, cls.person_volunteer)
        cls.stages = env["kp.commitment.stage"].search([])
        cls.commitment_mine = env["kp.commitment"].create(
            {
                "table_id": cls.table_a.id,
                "name": "Kerää yhdistysten uutiset",
                "organisation_id": cls.org_assoc.id,
            }
        )
        cls.commitment_other = env["kp.commitment"].create(
            {
                "table_id": cls.table_a.id,
                "name": "Varaa kaupungintalon sali",
                "organisation_id": cls.org_city.id,
                "responsible_partner_id": cls.person_official.id,
            }
        )
        cls.commitment_b = env["kp.commitment"].create(
            {
                "table_id": cls.table_b.id,
                "name": "Beta-pöydän salainen lupaus",
                "organisation_id": cls.org_assoc.id,
            }
        )


@tagged("post_install", "-at_install")
class TestPortalAccess(KpPortalFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_portal_fixtures()

    def test_portal_user_sees_only_their_table(self):
        env = self.env(user=self.user_portal)
        tables = env["kp.table"].search([])
        self.assertEqual(tables, self.table_a)
        commitments = env["kp.commitment"].search([])
        self.assertEqual(commitments, self.commitment_mine)

    def test_portal_user_who_left_sees_nothing(self):
        self.portal_seat.action_leave()
        env = self.env(user=self.user_portal)
        self.assertFalse(env["kp.table"].search([]))
        self.assertFalse(env["kp.commitment"].search([]))
        self.assertFalse(env["kp.meeting"].search([]))


@tagged("post_install", "-at_install")
class TestPortal(KpPortalFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_portal_fixtures()

    def setUp(self):
        super().setUp()
        self.authenticate("kp_portal", "kp_portal")

    def _post_stage(self, commitment, stage):
        return self.url_open(
            f"/my/kp/commitments/{commitment.id}/stage",
            data={"csrf_token": http.Request.csrf_token(self), "stage_id": stage.id},
            allow_redirects=False,
        )

    def test_tables(self):
        response = self.url_open("/my/kp/tables")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pöytä Alfa", response.text)
        self.assertNotIn("Pöytä Beta", response.text)

    def test_table_with_upcoming_meetings(self):
        day = fields.Datetime.now().date() + timedelta(days=7)
        start = fields.Datetime.to_datetime(f"{day} 07:00:00")
        meeting = self.env["kp.meeting"].create(
            {"table_id": self.table_a.id, "start": start, "location": "Kylätalo"}
        )
        self.env["kp.agenda.item"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "Hyväksytty asia",
                    "state": "accepted",
                },
                {
                    "meeting_id": meeting.id,
                    "name": "Ehdotettu asia",
                    "state": "proposed",
                },
            ]
        )
        response = self.url_open(f"/my/kp/tables/{self.table_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pöytä Alfa", response.text)
        self.assertIn("Kylätalo", response.text)
        self.assertIn("Hyväksytty asia", response.text)
        self.assertNotIn("Ehdotettu asia", response.text)
        # 07:00 UTC is 09:00 or 10:00 in Helsinki
        self.assertRegex(response.text, r"\b(09|10):00")

    def test_other_table_refused(self):
        response = self.url_open(
            f"/my/kp/tables/{self.table_b.id}", allow_redirects=False
        )
        self.assertIn(response.status_code, (303, 403, 404))
        self.assertNotIn("Pöytä Beta", response.text)
        response = self.url_open(f"/my/kp/tables/{self.table_b.id}")
        self.assertNotIn("Pöytä Beta", response.text)

    def test_commitments(self):
        response = self.url_open("/my/kp/commitments")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kerää yhdistysten uutiset", response.text)
        self.assertNotIn("Varaa kaupungintalon sali", response.text)
        self.assertNotIn("Beta-pöydän salainen lupaus", response.text)

    def test_change_stage(self):
        new_stage = self.stages - self.commitment_mine.stage_id
        new_stage = new_stage[:1]
        response = self._post_stage(self.commitment_mine, new_stage)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.commitment_mine.stage_id, new_stage)

    def test_change_stage_of_other_organisation_refused(self):
        old_stage = self.commitment_other.stage_id
        new_stage = (self.stages - old_stage)[:1]
        response = self._post_stage(self.commitment_other, new_stage)
        self.assertIn(response.status_code, (403, 404))
        self.commitment_other.invalidate_recordset()
        self.assertEqual(self.commitment_other.stage_id, old_stage)
        response = self._post_stage(self.commitment_b, new_stage)
        self.assertIn(response.status_code, (403, 404))

    def test_home_counters(self):
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/kp/tables", response.text)
        self.assertIn("/my/kp/commitments", response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["kp_table_count", "kp_commitment_count"]},
        )
        self.assertEqual(counters["kp_table_count"], 1)
        self.assertEqual(counters["kp_commitment_count"], 1)

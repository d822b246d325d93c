from odoo.tests import HttpCase, tagged

from .joint_common import ORGS, KpJointFixtures


@tagged("post_install", "-at_install")
class TestJointActivityTour(KpJointFixtures, HttpCase):
    """A coordinator plans a season in the browser and sees the rotation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()
        cls.user_coordinator.lang = "en_US"

    def test_coordinator_plans_a_season(self):
        self.start_tour(
            "/odoo", "kp_joint_activity_tour", login=self.user_coordinator.login
        )
        occurrences = self.activity.occurrence_ids.sorted("start")
        self.assertEqual([o.organisation_id.name for o in occurrences], list(ORGS[:3]))
        self.assertEqual(
            [
                o.table_id._to_local(o.start).strftime("%d.%m.%Y %H:%M")
                for o in occurrences
            ],
            ["01.01.2030 14:00", "05.02.2030 14:00", "05.03.2030 14:00"],
        )
        self.assertEqual(occurrences.create_uid, self.user_coordinator)

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kumppanuuspoyta.tests.common import KpFixtures


@tagged("post_install", "-at_install")
class TestDashboardTour(KpFixtures, HttpCase):
    """A manager working in Finnish opens the dashboard in the browser."""

    browser_size = "1920x1080"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        cls.env["ir.module.module"]._load_module_terms(
            ["kumppanuuspoyta_dashboard"], ["fi_FI"], overwrite=True
        )
        cls.user_manager = new_test_user(
            cls.env,
            "kp_dashboard_tour_manager",
            groups="kumppanuuspoyta.group_kp_manager",
            name="Maija Manager",
            lang="fi_FI",
        )
        # one commitment more than the demo data's 23, at a table of its own
        table = cls._table("Kojelautapöytä", state="active")
        cls._seat(table, cls.person_volunteer)
        cls.env["kp.commitment"].create(
            {
                "table_id": table.id,
                "name": "Kojelaudan tehtävä",
                "organisation_id": cls.org_assoc.id,
            }
        )

    def test_manager_reads_the_dashboard_in_finnish(self):
        self.start_tour("/odoo", "kp_dashboard_tour", login=self.user_manager.login)

from odoo.tests import new_test_user, tagged

from .common import KpHttpCase


@tagged("post_install", "-at_install")
class TestReportingTour(KpHttpCase):
    """A manager opens every analysis of the Reporting menu in the browser."""

    # the app's menus in Finnish fill a laptop's navbar: on a desktop screen
    # Reporting is in the bar, not in its "more" menu
    browser_size = "1920x1080"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_manager = new_test_user(
            env,
            "kp_report_tour_manager",
            groups="kumppanuuspoyta.group_kp_manager",
            name="Maija Manager",
        )
        org = cls._organisation("Kiertueyhdistys ry", "kp_sector_association")
        person = cls._person("Kaija Kiertue", org, "kaija@example.com")
        table = cls._table("Kiertuepöytä", state="active")
        cls._seat(table, person)
        env["kp.commitment"].create(
            {
                "table_id": table.id,
                "name": "Kiertueen tehtävä",
                "organisation_id": org.id,
            }
        )
        env["kp.agenda.item"].create(
            {
                "table_id": table.id,
                "name": "Kiertuekylän tie",
                "source": "village",
                "source_name": "Kiertuekylä",
            }
        )

    def test_manager_opens_reporting(self):
        self.start_tour("/odoo", "kp_reporting_tour", login=self.user_manager.login)

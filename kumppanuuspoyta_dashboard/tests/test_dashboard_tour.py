from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kumppanuuspoyta.tests.common import KpFixtures

from .common import _three_commitments


@tagged("post_install", "-at_install")
class TestDashboardTour(KpFixtures, HttpCase):
    """A manager working in Finnish opens the dashboard in the browser: the
    manager of a municipality of their own, whose three commitments the
    tour reads (kp_dashboard_tour.esm.js), with or without demo data."""

    browser_size = "1920x1080"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        cls.env["ir.module.module"]._load_module_terms(
            ["kumppanuuspoyta_dashboard"], ["fi_FI"], overwrite=True
        )
        municipality = cls.env["res.company"].create({"name": "Kojelaudan kunta"})
        cls.user_manager = new_test_user(
            cls.env,
            "kp_dashboard_tour_manager",
            groups="kumppanuuspoyta.group_kp_manager",
            company_id=municipality.id,
            company_ids=[Command.set(municipality.ids)],
            name="Maija Manager",
            lang="fi_FI",
        )
        table = cls._table("Kojelautapöytä", state="active", company_id=municipality.id)
        cls._seat(table, cls.person_volunteer)
        _three_commitments(cls, table)

    def test_manager_reads_the_dashboard_in_finnish(self):
        self.start_tour("/odoo", "kp_dashboard_tour", login=self.user_manager.login)

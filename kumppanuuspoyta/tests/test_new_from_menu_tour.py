from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import KpHttpCase

TABLE = "Kirjastopöytä"
MEETING = "Kirjastopöydän tapaaminen"


@tagged("post_install", "-at_install")
class TestNewFromMenuTour(KpHttpCase):
    """On a 1366 x 768 laptop, in Finnish, people create from the menus
    (kumppanuuspoyta/static/tests/tours/kp_new_from_menu_tour.esm.js)."""

    browser_size = "1366x768"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        users = cls._role_users(
            "kp_menu_tour", ("participant", "coordinator", "manager")
        )
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.org = cls._organisation("Kirjaston ystävät ry", "kp_sector_association")
        cls.user_participant.partner_id.parent_id = cls.org
        cls.user_coordinator.partner_id.parent_id = cls.org_city
        # after the organisations, whose language a person would take
        for user in users.values():
            user.write({"lang": "fi_FI", "tz": "Europe/Helsinki"})
        cls.table = cls._table(TABLE, state="active")
        cls.seat_participant = cls._seat(
            cls.table, cls.user_participant.partner_id, [cls.role_member]
        )
        secretary = env.ref("kumppanuuspoyta.kp_role_secretary")
        cls.seat_secretary = cls._seat(
            cls.table, cls.user_coordinator.partner_id, [secretary]
        )
        cls.seat_chair = cls._seat(cls.table, cls.person_official, [cls.role_chair])
        # a meeting held this morning, whose discussion is to be written
        start = (fields.Datetime.now() - timedelta(hours=3)).replace(
            minute=0, second=0, microsecond=0
        )
        cls.meeting = env["kp.meeting"].create(
            {
                "table_id": cls.table.id,
                "name": MEETING,
                "start": start,
                "chair_id": cls.seat_chair.id,
                "secretary_id": cls.seat_secretary.id,
            }
        )
        for sequence, (name, minutes) in enumerate(
            (("Kesän aukiolo", 10), ("Lukupiirin syksy", 15)), start=10
        ):
            env["kp.agenda.item"].create(
                {
                    "meeting_id": cls.meeting.id,
                    "name": name,
                    "duration": minutes,
                    "sequence": sequence,
                }
            )
        cls.meeting.action_held()

    def test_participant_proposes_from_the_menu(self):
        self.start_tour(
            "/odoo", "kp_proposal_from_menu_tour", login=self.user_participant.login
        )
        proposal = self.env["kp.agenda.item"].search(
            [("name", "=", "Kirjaston aukioloajat")]
        )
        self.assertEqual(proposal.table_id, self.table)
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.proposer_id, self.seat_participant)

    def test_coordinator_records_a_contribution_from_the_menu(self):
        self.start_tour(
            "/odoo",
            "kp_contribution_from_menu_tour",
            login=self.user_coordinator.login,
        )
        contribution = self.env["kp.contribution"].search(
            [("table_id", "=", self.table.id)]
        )
        self.assertEqual(contribution.organisation_id, self.org)
        self.assertEqual(contribution.hours, 4)

    def test_manager_sees_the_whole_menu_bar(self):
        self.start_tour("/odoo", "kp_menu_bar_tour", login=self.user_manager.login)

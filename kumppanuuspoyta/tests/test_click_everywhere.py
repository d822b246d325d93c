"""Odoo's own clickbot (web's click-everywhere test) over the app.

The clickbot opens every menu of the app, every view of each action and
every filter and group-by of each search view, and fails on an error dialog
or an error in the browser's console; the Odoo log must stay clean too (a
view whose widget does not suit its field logs a warning). It runs as a
manager, a coordinator and a participant, in Finnish, with records in every
menu.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import KpMinutesCommon

CLICK_EVERYWHERE = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('kumppanuuspoyta.kp_menu_root');"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(KpMinutesCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        for user in (cls.user_participant, cls.user_coordinator, cls.user_manager):
            user.write({"lang": "fi_FI", "tz": "Europe/Helsinki"})
            if "tour_enabled" in user._fields:
                user.tour_enabled = False
        cls._seat(cls.table, cls.user_manager.partner_id, [cls.role_member])
        # a record behind every menu
        meeting = cls._approved_meeting()
        cls._meeting(name="Syksyn tapaaminen")
        env["kp.agenda.item"].create(
            {"table_id": cls.table.id, "name": "Ehdotus: kirjaston aukiolo"}
        )
        env["kp.theme"].create(
            {
                "name": "Ikäihmisten hyvinvointi",
                "table_id": cls.table.id,
                "date_start": fields.Date.today() - timedelta(days=30),
            }
        )
        cls._turn_with_contribution(cls.table, cls.org_assoc, cls._start(days=14))
        cls._village_matter(cls.table)
        assert meeting.commitment_ids

    def _click_everywhere(self, user):
        self.browser_js(
            "/odoo",
            CLICK_EVERYWHERE,
            "odoo.isReady === true",
            login=user.login,
            timeout=1200,
            success_signal="clickbot test succeeded",
        )

    def test_as_manager(self):
        self._click_everywhere(self.user_manager)

    def test_as_coordinator(self):
        self._click_everywhere(self.user_coordinator)

    def test_as_participant(self):
        self._click_everywhere(self.user_participant)

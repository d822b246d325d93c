"""The turns of a joint activity through their gate (issue #20): a swap
exchanges two turns and says so, its picker offers the organisations that
have a turn to give back, and a turn is not held before it starts."""

import ast
from collections import Counter
from datetime import date

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .joint_common import ORGS, KpJointFixtures
from .webclient import client_values, evaluate, specification


@tagged("post_install", "-at_install")
class TestTurns(KpJointFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()
        # February to June 2030: the first five organisations' turns
        cls.turns = cls._season(date(2030, 2, 1), date(2030, 6, 30))
        cls.march, cls.may = cls.turns[1], cls.turns[3]

    def test_swap_exchanges_two_turns_and_says_so(self):
        """A swap handed the turn over: the organisation asked ended with
        two turns in a row, the one that asked with none, and the chatter
        did not say so."""
        self.assertEqual(self.march.organisation_id, self.orgs[1])
        self.assertEqual(self.may.organisation_id, self.orgs[3])
        before = Counter(self.turns.mapped("organisation_id.id"))
        self.march.with_user(self.user_portal).write(
            {"swap_organisation_id": self.orgs[3].id, "swap_reason": "Kevätretki"}
        )
        self.march.with_user(self.user_coordinator).with_context(
            lang="fi_FI"
        ).action_accept_swap()
        # the two organisations exchanged their turns
        self.assertEqual(self.march.organisation_id, self.orgs[3])
        self.assertEqual(self.may.organisation_id, self.orgs[1])
        self.assertEqual(Counter(self.turns.mapped("organisation_id.id")), before)
        self.assertEqual(self.may.contact_partner_id, self.people[1])
        self.assertFalse(self.march.swap_organisation_id)
        # the roster keeps whose turns they were
        self.assertEqual(self.march.rostered_organisation_id, self.orgs[1])
        self.assertEqual(self.may.rostered_organisation_id, self.orgs[3])
        # the chatter of both turns: who runs it now, instead of whom, and
        # the date of the turn the other organisation took (Tuesday 21 May
        # and Tuesday 19 March 2030, the third Tuesdays)
        for turn, new, old, day in (
            (self.march, ORGS[3], ORGS[1], "21.5.2030"),
            (self.may, ORGS[1], ORGS[3], "19.3.2030"),
        ):
            notes = turn.message_ids.filtered(
                lambda m: "Vastuuvuorot vaihdettiin" in (m.body or "")
            )
            self.assertEqual(len(notes), 1, turn.display_name)
            text = notes.preview
            self.assertIn(f"vastuuorganisaatio on {new} organisaation {old}", text)
            self.assertIn(f"kerrasta {day}", text)

    def test_swap_needs_a_turn_to_give_back(self):
        # the sixth organisation has no turn in the season
        # (Odoo's assertRaises rolls back what the refused write did)
        with self.assertRaises(UserError) as caught:
            self.march.with_user(self.user_portal).with_context(lang="fi_FI").write(
                {"swap_organisation_id": self.orgs[5].id}
            )
        self.assertIn("ei ole tulevaa vastuuvuoroa", caught.exception.args[0])
        self.march.invalidate_recordset()
        self.assertFalse(self.march.swap_organisation_id)
        # a swap asked, then the other turn cancelled: not accepted
        self.march.write({"swap_organisation_id": self.orgs[3].id})
        self.may.with_user(self.user_coordinator).action_cancel()
        as_coordinator = self.march.with_user(self.user_coordinator).with_context(
            lang="en_US"
        )
        self.assertFalse(as_coordinator.can_accept_swap)
        with self.assertRaisesRegex(UserError, "has no coming turn"):
            as_coordinator.action_accept_swap()
        self.assertEqual(self.march.organisation_id, self.orgs[1])

    def test_swap_picker_offers_the_activitys_organisations(self):
        """The back-end picker listed every company of the database and
        offered to create contacts."""
        user = self.user_coordinator
        Occurrence = self.env["kp.activity.occurrence"].with_user(user)
        result = Occurrence.get_views([(False, "form")])
        arch = etree.fromstring(result["views"]["form"]["arch"])
        node = arch.find(".//field[@name='swap_organisation_id']")
        self.assertTrue(ast.literal_eval(node.get("options"))["no_create"])
        # the choices as the web client asks for them: the field's domain
        # evaluated on the record's values
        domain = (
            node.get("domain")
            or Occurrence.fields_get(["swap_organisation_id"], ["domain"])[
                "swap_organisation_id"
            ]["domain"]
        )
        spec = specification(arch, Occurrence._name, result["models"])
        values = client_values(self.march.with_user(user).web_read(spec)[0])
        context = {"uid": user.id, "lang": user.lang}
        offered = (
            self.env["res.partner"]
            .with_user(user)
            .name_search("", evaluate(domain, values, context))
        )
        self.assertEqual(
            {partner_id for partner_id, _name in offered},
            set((self.orgs[0] | self.orgs[2] | self.orgs[3] | self.orgs[4]).ids),
        )

    def test_a_turn_is_not_held_before_it_starts(self):
        """A turn months ahead could be marked held with 0 visitors; a
        meeting is not held before it starts, and neither is a turn."""
        ahead = self.march.with_user(self.user_coordinator).with_context(lang="en_US")
        self.assertFalse(ahead.can_mark_held)
        self.assertTrue(ahead.can_cancel)
        for hold in (ahead.action_held, lambda: ahead.write({"state": "held"})):
            with self.assertRaisesRegex(UserError, "has not started cannot be held"):
                hold()
        self.assertEqual(self.march.state, "planned")
        # a turn that has started is held; its visitors stay as they are
        past = self._season(date(2016, 1, 1), date(2016, 1, 31))
        past.write({"visitors": 0})
        as_coordinator = past.with_user(self.user_coordinator)
        self.assertTrue(as_coordinator.can_mark_held)
        as_coordinator.action_held()
        self.assertEqual((past.state, past.visitors), ("held", 0))
        # held and cancelled turns go back to planned, by who runs the table
        self.assertFalse(past.with_user(self.user_participant).can_reset)
        as_coordinator.action_reset()
        self.assertEqual(past.state, "planned")

"""Joint activities (yhteinen toiminta): seasons, the rotation of the main
responsible organisation, swaps, reminders, visitors, and what partners bring."""

from datetime import date, timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .joint_common import ORGS, KpJointFixtures


@tagged("post_install", "-at_install")
class TestJointActivity(KpJointFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()

    def test_spring_season_rotates_through_the_roster(self):
        occurrences = self._season(date(2016, 1, 1), date(2016, 6, 30))
        # the third Tuesday of each month, 14:00 in Helsinki
        self.assertEqual(
            [
                o.table_id._to_local(o.start).strftime("%Y-%m-%d %H:%M")
                for o in occurrences
            ],
            [
                "2016-01-19 14:00",
                "2016-02-16 14:00",
                "2016-03-15 14:00",
                "2016-04-19 14:00",
                "2016-05-17 14:00",
                "2016-06-21 14:00",
            ],
        )
        self.assertEqual([o.organisation_id for o in occurrences], list(self.orgs))
        # each turn's contact is the organisation's person at the table
        self.assertEqual([o.contact_partner_id for o in occurrences], list(self.people))
        self.assertEqual(occurrences.mapped("place"), ["Kirjaston Salonki"] * 6)
        self.assertEqual(self.activity.occurrence_count, 6)

    def test_next_season_continues_and_skips_who_left(self):
        spring = self._season(date(2016, 3, 1), date(2016, 4, 30))
        self.assertEqual([o.organisation_id for o in spring], list(self.orgs[:2]))
        # the library leaves the table before the autumn
        self.seats[2].action_leave()
        autumn = self._season(
            date(2016, 9, 1), date(2016, 12, 31), frequency="weekly", weekday="WED"
        )
        expected = [self.orgs[i % 6] for i in range(1, 30) if i % 6 != 2]
        # continues after the memory association (the last turn of spring)
        self.assertEqual(
            [o.organisation_id for o in autumn], expected[1 : 1 + len(autumn)]
        )
        self.assertNotIn(self.orgs[2], autumn.organisation_id)
        # the library's past turn is still its own
        self.assertEqual(spring.organisation_id, self.orgs[:2])

    def test_every_second_week(self):
        occurrences = self._season(
            date(2016, 1, 1), date(2016, 2, 29), frequency="biweekly", weekday="MON"
        )
        days = [o.table_id._to_local(o.start).date() for o in occurrences]
        self.assertEqual(days[0], date(2016, 1, 4))
        self.assertTrue(
            all((b - a).days == 14 for a, b in zip(days, days[1:], strict=False))
        )

    def test_wizard_previews_the_turns(self):
        wizard = self.env["kp.activity.season.wizard"].create(
            {
                "activity_id": self.activity.id,
                "date_from": date(2016, 1, 1),
                "date_to": date(2016, 2, 29),
                "frequency": "monthly",
                "weekday": "TUE",
                "week_of_month": "3",
            }
        )
        self.assertEqual(wizard.occurrence_count, 2)
        self.assertIn(ORGS[0], wizard.preview)
        self.assertIn(ORGS[1], wizard.preview)

    def test_occurrence_by_hand(self):
        occurrence = (
            self.env["kp.activity.occurrence"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "activity_id": self.activity.id,
                    "start": fields.Datetime.now() + timedelta(days=3),
                    "organisation_id": self.orgs[3].id,
                }
            )
        )
        self.assertEqual(occurrence.contact_partner_id, self.people[3])
        self.assertEqual(occurrence.table_id, self.table)
        self.assertIn(occurrence, self.table.activity_occurrence_ids)

    def test_swap_requested_from_the_portal_and_accepted(self):
        occurrence = self._season(date(2030, 2, 1), date(2030, 2, 28))
        # second turn would be the portal user's organisation
        self.assertEqual(occurrence.organisation_id, self.orgs[0])
        turn = self._season(date(2030, 3, 1), date(2030, 3, 31))
        self.assertEqual(turn.organisation_id, self.orgs[1])
        # a swap exchanges turns: the other organisation has one to give back
        self.env["kp.activity.occurrence"].create(
            {
                "activity_id": self.activity.id,
                "start": turn.start + timedelta(days=70),
                "organisation_id": self.orgs[4].id,
            }
        )
        as_portal = turn.with_user(self.user_portal)
        as_portal.write(
            {"swap_organisation_id": self.orgs[4].id, "swap_reason": "Kevätretki"}
        )
        # the portal user cannot hand the turn over themselves
        with self.assertRaises(AccessError):
            as_portal.write({"organisation_id": self.orgs[4].id})
        turn.with_user(self.user_coordinator).action_accept_swap()
        self.assertEqual(turn.organisation_id, self.orgs[4])
        self.assertEqual(turn.contact_partner_id, self.people[4])
        self.assertEqual(turn.rostered_organisation_id, self.orgs[1])
        self.assertFalse(turn.swap_organisation_id)
        # who had the turn stays in the history
        self.env.cr.precommit.run()
        values = turn.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "organisation_id"
        )
        self.assertEqual(values.old_value_char, ORGS[1])
        self.assertEqual(values.new_value_char, ORGS[4])
        # the next season continues after the roster's turn, not the swap
        nxt = self._season(date(2030, 4, 1), date(2030, 4, 30))
        self.assertEqual(nxt.organisation_id, self.orgs[2])

    def test_participant_confirms_and_records_visitors(self):
        turn = self._season(date(2016, 1, 1), date(2016, 1, 31))
        as_participant = turn.with_user(self.user_participant)
        as_participant.action_confirm_turn()
        as_participant.write({"visitors": 34, "note": "Verenpaine mitattiin."})
        self.assertTrue(turn.confirmed)
        self.assertEqual(turn.visitors, 34)
        with self.assertRaises(AccessError):
            as_participant.write({"start": fields.Datetime.now()})
        # another organisation's turn is not theirs to update
        other = self._season(date(2016, 2, 1), date(2016, 2, 29))
        with self.assertRaises(AccessError):
            other.with_user(self.user_participant).write({"visitors": 3})

    def test_turn_reminder_in_the_contacts_language(self):
        self.people[0].lang = "fi_FI"
        self.people[1].lang = "en_US"
        start = self._today(self.table) + timedelta(days=2)
        turns = self._season(
            start,
            start + timedelta(days=8),
            frequency="weekly",
            weekday=["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"][start.weekday()],
        )
        self.assertEqual([t.organisation_id for t in turns], list(self.orgs[:2]))
        Mail = self.env["mail.mail"]
        self.env["kp.activity.occurrence"]._cron_send_turn_reminders()
        fi_mail = Mail.search([("recipient_ids", "in", self.people[0].ids)])
        self.assertEqual(len(fi_mail), 1)
        self.assertIn("Vuorosi", fi_mail.subject)
        # the second turn is further than the reminder days away
        self.assertFalse(Mail.search([("recipient_ids", "in", self.people[1].ids)]))
        self.env["kp.activity.occurrence"]._cron_send_turn_reminders()
        self.assertEqual(
            len(Mail.search([("recipient_ids", "in", self.people[0].ids)])),
            1,
            "a turn is reminded once",
        )
        turns[1].start = fields.Datetime.now() + timedelta(days=1)
        self.env["kp.activity.occurrence"]._cron_send_turn_reminders()
        en_mail = Mail.search([("recipient_ids", "in", self.people[1].ids)])
        self.assertIn("Your turn", en_mail.subject)

    def test_leaving_keeps_past_turns_and_contributions(self):
        turn = self._season(date(2016, 1, 1), date(2016, 1, 31))
        turn.write({"state": "held", "visitors": 20})
        contribution = self.env["kp.contribution"].create(
            {
                "occurrence_id": turn.id,
                "organisation_id": self.orgs[0].id,
                "kind_id": self.env.ref(
                    "kumppanuuspoyta.kp_contribution_kind_volunteer_hours"
                ).id,
                "quantity": 6,
            }
        )
        self.seats[0].action_leave()
        self.table.participant_ids.filtered(
            lambda p: p.partner_id == self.user_participant.partner_id
        ).action_leave()
        turn.invalidate_recordset()
        self.assertEqual(turn.organisation_id, self.orgs[0])
        self.assertEqual(turn.with_user(self.user_coordinator).visitors, 20)
        self.assertEqual(contribution.with_user(self.user_coordinator).quantity, 6)
        report = self.table._closing_report_contributions()
        self.assertEqual(report[0]["organisation"], ORGS[0])
        # and the occurrence with history is archived, not deleted
        with self.assertRaises(UserError):
            turn.unlink()
        turn.active = False
        self.assertFalse(turn.active)

    def test_closing_report_data(self):
        turns = self._season(date(2016, 1, 1), date(2016, 2, 29))
        turns[0].write({"state": "held", "visitors": 34, "note": "Hyvä kerta"})
        Contribution = self.env["kp.contribution"]
        self._contributions(
            self.table,
            [
                (self.orgs[0], "volunteer_hours", {"quantity": 12}),
                (self.orgs[0], "volunteer_hours", {"quantity": 3.5}),
                (self.orgs[5], "money", {"amount": 1234.5}),
                (
                    self.orgs[2],
                    "premises",
                    {"quantity": 6, "premises": "Kirjaston Salonki"},
                ),
            ],
        )
        activities = self.table._closing_report_activities()
        self.assertEqual(activities[0]["name"], "Kahvia ja kohtaamisia")
        self.assertEqual(activities[0]["visitors"], 34)
        # the held occurrence with its visitors; the planned one apart
        self.assertEqual(
            [(o["organisation"], o["visitors"]) for o in activities[0]["occurrences"]],
            [(ORGS[0], 34)],
        )
        self.assertEqual(
            [o["organisation"] for o in activities[0]["planned"]], [ORGS[1]]
        )
        contributions = {
            row["organisation"]: row
            for row in self.table._closing_report_contributions()
        }
        self.assertEqual(contributions[ORGS[0]]["kinds"][0]["quantity"], 15.5)
        self.assertEqual(contributions[ORGS[5]]["money"], 1234.5)
        self.assertEqual(contributions[ORGS[5]]["kinds"][0]["unit"], "€")
        # totals on the table and on the organisation's contact
        self.assertEqual(self.table.contribution_hours, 15.5)
        self.assertEqual(self.table.contribution_money, 1234.5)
        self.assertEqual(self.table.contribution_count, 4)
        self.assertEqual(self.orgs[0].kp_contribution_hours, 15.5)
        self.assertEqual(self.orgs[0].kp_contribution_count, 2)
        action = self.orgs[0].action_view_kp_contributions()
        self.assertEqual(Contribution.search_count(action["domain"]), 2)

    def test_contributions_read_in_the_readers_units(self):
        """Recorded in English, a Finnish reader reads "6 kertaa", "12 h" and
        "145,50 €" (not "6,0 times" or "$ 145,50") on the list, the table's
        tab and the closing report; only like units add up: hours with
        hours, money with money, never the amounts of different kinds."""
        self.env["res.lang"]._activate_lang("en_US")
        self._contributions(
            self.table,
            [
                (self.orgs[0], kind, values)
                for kind, values in (
                    ("premises", {"quantity": 6}),
                    ("volunteer_hours", {"quantity": 12}),
                    ("volunteer_hours", {"quantity": 1.5}),
                    ("money", {"amount": 145.5}),
                )
            ],
            env=self.env(context=dict(self.env.context, lang="en_US")),
        )
        fi = self.table.with_context(lang="fi_FI")
        texts = [
            text.replace("\xa0", " ")
            for text in fi.contribution_ids.sorted("id").mapped("amount_text")
        ]
        self.assertEqual(texts, ["6 kertaa", "12 h", "1,5 h", "145,50 €"])
        report = {
            kind["kind"]: kind["text"].replace("\xa0", " ")
            for kind in fi._closing_report_contributions()[0]["kinds"]
        }
        self.assertEqual(
            report,
            {"Tilat": "6 kertaa", "Vapaaehtoistunnit": "13,5 h", "Raha": "145,50 €"},
        )
        # the measures that add up, and what the list sums
        Contribution = self.env["kp.contribution"]
        info = Contribution.fields_get(["quantity", "hours", "amount"], ["aggregator"])
        self.assertFalse(info["quantity"].get("aggregator"))
        self.assertEqual(info["hours"]["aggregator"], "sum")
        [total] = Contribution.formatted_read_group(
            [("table_id", "=", self.table.id)], [], ["hours:sum", "amount:sum"]
        )
        self.assertEqual((total["hours:sum"], total["amount:sum"]), (13.5, 145.5))
        for view_type in ("list", "pivot", "graph"):
            arch = etree.fromstring(
                Contribution.get_views([(False, view_type)])["views"][view_type]["arch"]
            )
            summed = {
                node.get("name")
                for node in arch.iter("field")
                if node.get("sum") or node.get("type") == "measure"
            }
            self.assertLessEqual(summed, {"hours", "amount"}, view_type)

    def test_money_in_finnish_format(self):
        """Money shows with the municipality's currency the Finnish way."""
        from odoo.tools import format_amount

        fi = self.env(context={"lang": "fi_FI"})
        text = format_amount(fi, 1234.5, self.env.company.currency_id)
        self.assertEqual(text.replace("\xa0", " ").replace("\u202f", " "), "1 234,50 €")


@tagged("post_install", "-at_install")
class TestJointBadInput(KpJointFixtures, TransactionCase):
    """Nonsense is refused with a clear Finnish message and nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()
        cls.fi = cls.env(context={"lang": "fi_FI"})
        cls.hours = cls.env.ref("kumppanuuspoyta.kp_contribution_kind_volunteer_hours")
        cls.money = cls.env.ref("kumppanuuspoyta.kp_contribution_kind_money")

    def _refused(self, model, finnish, action, error=UserError):
        before = self.env[model].with_context(active_test=False).search_count([])
        with self.assertRaises(error) as caught, self.env.cr.savepoint():
            action()
            self.env.flush_all()
        self.assertIn(finnish, str(caught.exception))
        self.assertEqual(
            self.env[model].with_context(active_test=False).search_count([]), before
        )

    def _wizard(self, start, end, **vals):
        return self.fi["kp.activity.season.wizard"].create(
            {
                "activity_id": self.activity.id,
                "date_from": start,
                "date_to": end,
                "frequency": "weekly",
                "weekday": "TUE",
                **vals,
            }
        )

    def test_recurrence_without_dates(self):
        # a Tuesday does not fit between a Wednesday and the next Monday
        wizard = self._wizard(date(2016, 1, 6), date(2016, 1, 11))
        self.assertEqual(wizard.occurrence_count, 0)
        self._refused(
            "kp.activity.occurrence",
            "Toistuvuus ei anna yhtään päivää",
            wizard.action_generate,
        )

    def test_recurrence_over_a_season(self):
        wizard = self._wizard(date(2016, 1, 1), date(2018, 12, 31))
        self.assertEqual(wizard.occurrence_count, 101)
        self._refused(
            "kp.activity.occurrence",
            "kaudella voi olla enintään 100",
            wizard.action_generate,
        )

    def test_occurrence_without_responsible_organisation(self):
        self._refused(
            "kp.activity.occurrence",
            "on oltava vastuuorganisaatio",
            lambda: self.fi["kp.activity.occurrence"].create(
                {"activity_id": self.activity.id, "start": fields.Datetime.now()}
            ),
        )

    def test_organisation_not_at_the_table(self):
        stranger = self._organisation("Jyväskylän Latu", "kp_sector_association")
        self._refused(
            "kp.activity.occurrence",
            "ei ole pöydän Keuruun kumppanuuspöytä osallistuja",
            lambda: self.fi["kp.activity.occurrence"].create(
                {
                    "activity_id": self.activity.id,
                    "start": fields.Datetime.now(),
                    "organisation_id": stranger.id,
                }
            ),
        )

    def test_organisation_of_another_municipality(self):
        foreign = self._organisation("Toisen kunnan yhdistys", "kp_sector_association")
        foreign.company_id = self.other_company
        self._refused(
            "kp.activity.occurrence",
            "kuuluu eri kuntaan kuin pöytä",
            lambda: self.fi["kp.activity.occurrence"].create(
                {
                    "activity_id": self.activity.id,
                    "start": fields.Datetime.now(),
                    "organisation_id": foreign.id,
                }
            ),
        )

    def test_swap_to_an_organisation_that_has_left(self):
        turn = self._season(date(2030, 1, 1), date(2030, 1, 31))
        self.seats[3].action_leave()
        before = turn.swap_organisation_id
        with self.assertRaises(ValidationError) as caught:
            with self.env.cr.savepoint():
                turn.with_env(self.fi).write({"swap_organisation_id": self.orgs[3].id})
        self.assertIn("on lopettanut osallistumisen", str(caught.exception))
        self.assertEqual(turn.swap_organisation_id, before)
        # nor can the coordinator hand it over directly
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            turn.write({"organisation_id": self.orgs[3].id})
        self.assertEqual(turn.organisation_id, self.orgs[0])

    def test_negative_and_absurd_contributions(self):
        def contribute(**vals):
            return lambda: self.fi["kp.contribution"].create(
                {"table_id": self.table.id, "organisation_id": self.orgs[0].id, **vals}
            )

        self._refused(
            "kp.contribution",
            "ei voi olla negatiivinen",
            contribute(kind_id=self.hours.id, quantity=-3),
        )
        self._refused(
            "kp.contribution",
            "tarkista määrä",
            contribute(kind_id=self.hours.id, quantity=50000),
        )
        self._refused(
            "kp.contribution",
            "ei voi olla negatiivinen",
            contribute(kind_id=self.money.id, amount=-10),
        )
        self._refused(
            "kp.contribution",
            "tarkista määrä",
            contribute(kind_id=self.money.id, amount=1e9),
        )

    def test_negative_visitors(self):
        turn = self._season(date(2016, 1, 1), date(2016, 1, 31))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            turn.write({"visitors": -5})
        self.assertEqual(turn.visitors, 0)


@tagged("post_install", "-at_install")
class TestJointAccess(KpJointFixtures, TransactionCase):
    """Who sees and does what with joint activities and contributions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_joint_fixtures()
        cls.turns = cls._season(date(2030, 1, 1), date(2030, 3, 31))
        cls.contribution_own = cls._contributions(
            cls.table, [(cls.orgs[1], "volunteer_hours", {"quantity": 4})]
        )
        cls.contribution_other = cls.contribution_own.copy(
            {"organisation_id": cls.orgs[2].id}
        )

    def test_participant_reads_but_does_not_manage(self):
        Activity = self.env["kp.joint.activity"].with_user(self.user_participant)
        self.assertEqual(Activity.search([]), self.activity)
        self.assertEqual(
            self.env["kp.activity.occurrence"]
            .with_user(self.user_participant)
            .search([("activity_id", "=", self.activity.id)]),
            self.turns,
        )
        with self.assertRaises(AccessError):
            self.activity.with_user(self.user_participant).write({"place": "Muu"})
        with self.assertRaises(AccessError):
            self._season(
                date(2031, 1, 1), date(2031, 2, 28), user=self.user_participant
            )

    def test_coordinator_and_manager_manage(self):
        self.activity.with_user(self.user_coordinator).write({"place": "Ystäväntupa"})
        self.activity.with_user(self.user_manager).write({"place": "Seurakuntatalo"})
        self.contribution_own.with_user(self.user_coordinator).quantity = 5
        self.activity.with_user(self.user_coordinator).active = False
        self.assertFalse(self.activity.active)

    def test_portal_sees_own_organisation_only(self):
        Occurrence = self.env["kp.activity.occurrence"].with_user(self.user_portal)
        self.assertEqual(
            Occurrence.search([]),
            self.turns.filtered(lambda t: t.organisation_id == self.orgs[1]),
        )
        self.assertEqual(
            self.env["kp.contribution"].with_user(self.user_portal).search([]),
            self.contribution_own,
        )
        self.assertEqual(
            self.env["kp.joint.activity"].with_user(self.user_portal).search([]),
            self.activity,
        )

    def test_other_municipality_sees_nothing(self):
        for model in (
            "kp.joint.activity",
            "kp.joint.activity.roster",
            "kp.activity.occurrence",
            "kp.contribution",
        ):
            self.assertFalse(
                self.env[model]
                .with_user(self.user_other)
                .search([])
                .filtered(lambda r: r.company_id == self.env.company),
                model,
            )
        with self.assertRaises(AccessError):
            self.turns[0].with_user(self.user_other).read(["organisation_id"])

    def test_not_seated_user_sees_nothing(self):
        nobody = self.env["res.users"].create(
            {
                "name": "Nelli Nobody",
                "login": "kp_ja_nobody",
                "group_ids": [
                    Command.set(self.env.ref("kumppanuuspoyta.group_kp_user").ids)
                ],
            }
        )
        self.assertFalse(
            self.env["kp.activity.occurrence"].with_user(nobody).search([])
        )
        self.assertFalse(self.env["kp.contribution"].with_user(nobody).search([]))

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import KpMinutesCommon

# a kanban grouped by stage or organisation, its cards included, at any size
# (one of them reads the tables' time zones: a deadline is overdue by the
# day at its table)
QUERIES = {"stage_id": 11, "organisation_id": 10}


@tagged("post_install", "-at_install")
class TestCommitment(KpMinutesCommon):
    def _commitment(self, **vals):
        return self.env["kp.commitment"].create(
            {
                "table_id": self.table.id,
                "name": "Kerää yhdistysten uutiset",
                "organisation_id": self.org_assoc.id,
                **vals,
            }
        )

    def _run_cron(self, day):
        with freeze_time(f"{day} 06:00:00"):
            self.env["kp.commitment"]._cron_send_reminders()

    def test_owner_is_required_and_sensible(self):
        Commitment = self.env["kp.commitment"]
        with self.assertRaisesRegex(
            ValidationError, "needs a responsible organisation"
        ):
            Commitment.create({"table_id": self.table.id, "name": "Kuka tekee?"})
        with self.assertRaisesRegex(
            ValidationError, "needs a responsible organisation"
        ):
            Commitment.create(
                {
                    "table_id": self.table.id,
                    "name": "Asukas tekee?",
                    "responsible_partner_id": self.person_resident.id,
                }
            )
        commitment = self._commitment(responsible_partner_id=self.person_volunteer.id)
        with self.assertRaisesRegex(
            ValidationError, "needs a responsible organisation"
        ):
            commitment.organisation_id = False
        with self.assertRaisesRegex(ValidationError, "must be a person"):
            self._commitment(responsible_partner_id=self.org_city.id)
        with self.assertRaisesRegex(ValidationError, "must be an organisation"):
            self._commitment(organisation_id=self.person_resident.id)
        # the person's organisation owns it when none is given
        derived = Commitment.create(
            {
                "table_id": self.table.id,
                "name": "Painokulut",
                "responsible_partner_id": self.person_official.id,
            }
        )
        self.assertEqual(derived.organisation_id, self.org_city)
        self.assertEqual(derived.stage_id, self.stage_todo)
        self.assertEqual(derived.state, "open")
        self.assertFalse(derived.closed_date)
        derived.stage_id = self.stage_done
        self.assertEqual(derived.state, "done")
        self.assertTrue(derived.closed_date)
        derived.stage_id = self.stage_progress
        self.assertFalse(derived.closed_date, "reopened")

    def test_open_commitments_come_back_until_done(self):
        first = self._held_meeting(hours=24 * 60)
        self._agree(
            first,
            "Kunnantiedote jokaiseen kotiin.",
            commitments=[
                {"name": "Selvitä painokulut", "organisation_id": self.org_city.id},
                {"name": "Kerää uutiset", "organisation_id": self.org_assoc.id},
            ],
        )
        costs, news = self.env["kp.commitment"].search(
            [("meeting_id", "=", first.id)], order="name desc"
        )
        self.assertEqual(costs.name, "Selvitä painokulut")
        self.assertEqual(costs.meeting_id, first)
        self.assertEqual(costs.table_id, self.table)

        def review_item(meeting):
            return meeting.agenda_item_ids.filtered(
                lambda i: i.name == "Review of earlier commitments"
            )

        second = self._held_meeting(hours=24 * 30)
        item = review_item(second)
        self.assertEqual(len(item), 1)
        self.assertIn("Selvitä painokulut", item.description)
        self.assertIn("Kerää uutiset", item.description)
        self.assertEqual(item.state, "accepted")
        self.assertEqual(second.review_commitment_ids, costs | news)
        self.assertFalse(first.review_commitment_ids)
        news.stage_id = self.stage_done

        third = self._meeting()
        item = review_item(third)
        self.assertIn("Selvitä painokulut", item.description)
        self.assertNotIn("Kerää uutiset", item.description)
        self.assertEqual(third.review_commitment_ids, costs)
        # the second meeting's minutes still show the news as done since
        self.assertEqual(second.review_commitment_ids, costs | news)

        costs.stage_id = self.stage_cancelled
        fourth = self._meeting(start=self._start(days=40))
        self.assertFalse(review_item(fourth))
        self.assertFalse(fourth.review_commitment_ids)

    def test_reminders_before_and_after_the_deadline(self):
        self.user_participant.partner_id.lang = "en_US"
        contact = self._commitment(
            responsible_partner_id=self.person_volunteer.id,
            deadline=date(2030, 6, 10),
        )
        user_owned = self._commitment(
            responsible_partner_id=self.user_participant.partner_id.id,
            deadline=date(2030, 6, 10),
        )
        closed = self._commitment(
            name="Jo tehty",
            responsible_partner_id=self.person_official.id,
            organisation_id=self.org_city.id,
            deadline=date(2030, 6, 10),
            stage_id=self.stage_done.id,
        )
        self._commitment(
            name="Peruttu",
            responsible_partner_id=self.person_official.id,
            organisation_id=self.org_city.id,
            deadline=date(2030, 6, 10),
            stage_id=self.stage_cancelled.id,
        )
        volunteer, user = self.person_volunteer, self.user_participant.partner_id

        def count(partner, subject):
            return len(self._mails(partner, subject))

        self.assertEqual(self.env.company.kp_reminder_days, 3)
        self._run_cron("2030-06-06")
        self.assertEqual(count(volunteer, "Reminder:"), 0, "4 days before")
        self._run_cron("2030-06-07")
        for day in ("2030-06-07", "2030-06-08", "2030-06-10"):
            self._run_cron(day)
            for partner in (volunteer, user):
                self.assertEqual(count(partner, "Reminder:"), 1, (partner.name, day))
                self.assertEqual(count(partner, "Overdue:"), 0, (partner.name, day))
        mail = self._mails(volunteer, "Reminder:")
        self.assertIn(contact.name, mail.subject)
        self.assertIn(self.table.name, mail.body_html)
        self.assertFalse(contact.activity_ids, "a contact has no user")
        self.assertEqual(user_owned.activity_ids.user_id, self.user_participant)
        self.assertEqual(user_owned.activity_ids.date_deadline, date(2030, 6, 10))
        for day in ("2030-06-11", "2030-06-11", "2030-06-12", "2030-07-30"):
            self._run_cron(day)
            for partner in (volunteer, user):
                self.assertEqual(count(partner, "Overdue:"), 1, (partner.name, day))
                self.assertEqual(count(partner, "Reminder:"), 1, (partner.name, day))
        self.assertEqual(len(user_owned.activity_ids), 2)
        self.assertFalse(contact.activity_ids)
        self.assertFalse(self._mails(self.person_official), "closed: nothing")
        self.assertFalse(closed.activity_ids)

        # a new deadline is reminded again, before and after
        contact.deadline = date(2030, 8, 20)
        self._run_cron("2030-08-16")
        self.assertEqual(count(volunteer, "Reminder:"), 1)
        self._run_cron("2030-08-17")
        self._run_cron("2030-08-17")
        self.assertEqual(count(volunteer, "Reminder:"), 2)
        self._run_cron("2030-08-21")
        self._run_cron("2030-08-22")
        self.assertEqual(count(volunteer, "Overdue:"), 2)
        contact.stage_id = self.stage_done
        contact.deadline = date(2030, 9, 1)
        self._run_cron("2030-09-02")
        self.assertEqual(count(volunteer, "Reminder:"), 2)
        self.assertEqual(count(volunteer, "Overdue:"), 2)

    def test_reminder_days_per_company(self):
        with self.assertRaisesRegex(ValidationError, "0 to 60 days"):
            self.env.company.kp_reminder_days = 61
        settings = self.env["res.config.settings"].create({"kp_reminder_days": 7})
        settings.execute()
        self.assertEqual(self.env.company.kp_reminder_days, 7)
        self._commitment(
            responsible_partner_id=self.person_volunteer.id,
            deadline=date(2030, 7, 10),
        )
        self._run_cron("2030-07-02")
        self.assertFalse(self._mails(self.person_volunteer, "Reminder:"))
        self._run_cron("2030-07-03")
        self.assertEqual(len(self._mails(self.person_volunteer, "Reminder:")), 1)

    def test_grouping_in_constant_queries(self):
        Commitment = self.env["kp.commitment"].with_user(self.user_manager)
        organisations = [self.org_city, self.org_assoc]
        people = [self.person_official, self.person_volunteer]
        stages = [self.stage_todo, self.stage_progress, self.stage_done]
        table = self._table("Ryhmittelypöytä")
        created = self.env["kp.commitment"]

        def grow(size):
            nonlocal created
            created |= self.env["kp.commitment"].create(
                [
                    {
                        "table_id": table.id,
                        "name": f"Toimenpide {len(created) + n}",
                        "organisation_id": organisations[n % 2].id,
                        "responsible_partner_id": people[n % 2].id,
                        "stage_id": stages[n % 3].id,
                        "deadline": date(2030, 1, 1 + n % 28),
                    }
                    for n in range(size - len(created))
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()

        spec = {
            "name": {},
            "deadline": {},
            "is_overdue": {},
            "color": {},
            "organisation_id": {"fields": {"display_name": {}}},
            "responsible_partner_id": {"fields": {"display_name": {}}},
            "responsible_user_id": {"fields": {"display_name": {}}},
            "stage_id": {"fields": {"display_name": {}}},
            "activity_ids": {},
            "activity_state": {},
        }

        def group(groupby):
            return Commitment.web_read_group(
                [("table_id", "=", table.id)],
                [groupby],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=spec,
            )

        for size in (5, 50):
            grow(size)
            for groupby in ("stage_id", "organisation_id"):
                # the first call warms the caches (ir.rule, fields, views)
                group(groupby)
                self.env.invalidate_all()
                with self.assertQueryCount(QUERIES[groupby]):
                    result = group(groupby)
                self.assertEqual(
                    sum(g["__count"] for g in result["groups"]), size, groupby
                )

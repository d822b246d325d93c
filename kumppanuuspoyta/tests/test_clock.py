"""One "today" for the whole addon (issue #19): the date-sensitive flows with
the clock frozen at the hours that broke CI and users alike.

Between 22:00 and 24:00 UTC (21-24 in summer) it is already tomorrow in
Helsinki: a theme's start defaulted to one user's today and its end to
another's ("cannot end before it starts"), the reports counted overdue by
the database server's date. A table's days are the table's (its time
zone), whoever acts, in whichever zone their profile or the server is, so
each flow here is done by users in other zones (UTC and New York) at every
instant below, and what they see is the day in Helsinki.
"""

from contextlib import closing, contextmanager
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from ..tools.calendar import next_working_day
from .common import KpMinutesCommon

HELSINKI = ZoneInfo("Europe/Helsinki")
NEW_YORK = ZoneInfo("America/New_York")

# (what, the instant in UTC, the time in Helsinki then)
INSTANTS = (
    (
        "winter 21:30 UTC",
        datetime(2026, 12, 7, 21, 30),
        datetime(2026, 12, 7, 23, 30),
    ),
    (
        "winter 22:05 UTC, just after midnight in Helsinki",
        datetime(2026, 12, 7, 22, 5),
        datetime(2026, 12, 8, 0, 5),
    ),
    (
        "winter 22:30 UTC",
        datetime(2026, 12, 7, 22, 30),
        datetime(2026, 12, 8, 0, 30),
    ),
    (
        "summer 21:05 UTC, just after midnight in Helsinki",
        datetime(2027, 6, 15, 21, 5),
        datetime(2027, 6, 16, 0, 5),
    ),
    (
        "summer 21:30 UTC",
        datetime(2027, 6, 15, 21, 30),
        datetime(2027, 6, 16, 0, 30),
    ),
    (
        "summer 22:30 UTC",
        datetime(2027, 6, 15, 22, 30),
        datetime(2027, 6, 16, 1, 30),
    ),
    (
        "the night summer time begins, past midnight in Helsinki",
        datetime(2027, 3, 27, 22, 30),
        datetime(2027, 3, 28, 0, 30),
    ),
    (
        "just before summer time begins (03:00 EET)",
        datetime(2027, 3, 28, 0, 59),
        datetime(2027, 3, 28, 2, 59),
    ),
    (
        "just after summer time began (04:00 EEST)",
        datetime(2027, 3, 28, 1, 1),
        datetime(2027, 3, 28, 4, 1),
    ),
    (
        "the night summer time ends, past midnight in Helsinki",
        datetime(2027, 10, 30, 21, 30),
        datetime(2027, 10, 31, 0, 30),
    ),
    (
        "just before summer time ends (04:00 EEST)",
        datetime(2027, 10, 31, 0, 59),
        datetime(2027, 10, 31, 3, 59),
    ),
    (
        "just after summer time ended (03:00 EET)",
        datetime(2027, 10, 31, 1, 1),
        datetime(2027, 10, 31, 3, 1),
    ),
    (
        "New Year's Eve 22:30 UTC, New Year in Helsinki",
        datetime(2026, 12, 31, 22, 30),
        datetime(2027, 1, 1, 0, 30),
    ),
)


def in_zone(utc, zone):
    """A naive UTC datetime as the naive local time of ``zone``."""
    return utc.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def from_helsinki(local):
    """A naive Helsinki time as a naive UTC datetime."""
    return local.replace(tzinfo=HELSINKI).astimezone(UTC).replace(tzinfo=None)


def finnish(day):
    """A day as Finnish writes it: 8.12.2026."""
    return f"{day.day}.{day.month}.{day.year}"


@tagged("post_install", "-at_install")
class TestClock(KpMinutesCommon):
    """Each test runs its flow at every instant of INSTANTS (a subtest that
    names the instant), rolled back after each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.table.tz = "Europe/Helsinki"
        # who acts is elsewhere: the coordinator's profile says UTC (as a
        # server's would), the manager is in New York
        cls.user_coordinator.tz = "UTC"
        cls.user_manager.tz = "America/New_York"
        # a table of the same municipality in New York's zone: its days
        # are its own
        cls.table_ny = cls._table(
            "New Yorkin ystävyyspöytä", state="active", tz="America/New_York"
        )
        cls._seat(cls.table_ny, cls.user_coordinator.partner_id, [cls.role_convener])
        cls.reminder_days = env.company.kp_reminder_days
        # the responsible person reads Finnish
        cls.person_volunteer.lang = "fi_FI"
        cls.newcomer = cls._person("Uuno Uusi", cls.org_city, "uuno@example.com")

    @contextmanager
    def _at(self, label, instant):
        """The clock at ``instant`` (naive UTC) in a subtest named after it;
        everything done inside is rolled back."""
        with (
            self.subTest(at=label),
            freeze_time(instant),
            closing(self.env.cr.savepoint()),
        ):
            try:
                yield
            except Exception as error:
                # the hour in the message too, for runners that stop at the
                # first failing subtest without naming it
                raise AssertionError(
                    f"at {label}: {type(error).__name__}: {error}"
                ) from error

    def test_the_instants_are_what_they_say(self):
        for label, instant, local in INSTANTS:
            with self.subTest(at=label):
                self.assertEqual(in_zone(instant, HELSINKI), local)
                self.assertEqual(self.table._to_local(instant), local)

    # --- themes: start, results and end -------------------------------

    def test_a_theme_is_started_marked_and_closed_on_the_tables_day(self):
        """The failure of CI at 23:00 UTC: the start defaulted to one user's
        today, closing wrote another's, "cannot end before it starts"."""
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                day = local.date()
                theme = (
                    self.env["kp.theme"]
                    .with_user(self.user_manager)
                    .create(
                        {
                            "name": "Kahvia ja kohtaamisia",
                            "table_id": self.table.id,
                            "results": "Kahvihetki vakiintui.",
                        }
                    )
                )
                self.assertEqual(theme.date_start, day, "the start")
                as_coordinator = theme.with_user(self.user_coordinator)
                as_coordinator.action_mark_results()
                self.assertEqual(theme.results_date, day, "the results")
                as_coordinator.action_close()
                self.assertEqual(theme.state, "closed")
                self.assertEqual(theme.date_end, day, "the end")
                self.assertEqual(theme.days_to_results, 0)
                dropped = (
                    self.env["kp.theme"]
                    .with_user(self.user_manager)
                    .create({"name": "Laajakaista", "table_id": self.table.id})
                )
                dropped.with_user(self.user_coordinator).action_drop("Ei rahoitusta.")
                self.assertEqual(dropped.date_end, day, "dropped")

    # --- meetings: plan, hold, approve and distribute ---------------------

    def test_the_next_meeting_is_planned_from_the_tables_day(self):
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                action = self.table.with_user(
                    self.user_coordinator
                ).action_plan_next_meeting()
                start = datetime.fromisoformat(action["context"]["default_start"])
                # a month from today at the table, on a working day, at 9:00
                expected = datetime.combine(
                    next_working_day(local.date() + relativedelta(months=1)), time(9)
                )
                self.assertEqual(in_zone(start, HELSINKI), expected)
                self.assertEqual(start, from_helsinki(expected))

    def test_a_meeting_is_held_and_named_on_its_day_in_helsinki(self):
        for label, instant, _local in INSTANTS:
            with self._at(label, instant):
                # began at the top of the hour: past midnight in Helsinki
                # at the breaking hours, the day before in UTC
                meeting = self._held_meeting(hours=0, items=["Vuorot"])
                self.assertEqual(meeting.state, "held")
                self.assertTrue(meeting.attendance_ids)
                day = in_zone(meeting.start, HELSINKI).date()
                self.assertIn(
                    finnish(day), meeting.with_context(lang="fi_FI").display_name
                )
                coming = self._meeting(start=instant + timedelta(minutes=30))
                with self.assertRaises(UserError, msg="has not started"):
                    coming.action_held()

    def test_minutes_are_approved_and_distributed_on_the_tables_day(self):
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                day = local.date()
                meeting = self._held_meeting(hours=0, items=["Vuorot"])
                meeting_day = in_zone(meeting.start, HELSINKI).date()
                self._agree(
                    meeting,
                    "Sydänyhdistys vastaa ensi kerrasta.",
                    meeting.agenda_item_ids,
                    [
                        {
                            "name": "Varaa tila",
                            "organisation_id": self.org_assoc.id,
                            "responsible_partner_id": self.person_volunteer.id,
                            # the last day the meeting allows: its own
                            "deadline": meeting_day,
                        }
                    ],
                )
                meeting.action_draft_minutes()
                meeting.with_user(self.user_coordinator).with_context(
                    lang="fi_FI"
                ).action_approve_minutes()
                minutes = meeting.minutes_ids
                self.assertEqual(minutes.approved_date, instant)
                text = minutes.with_context(lang="fi_FI")._approval_text()
                self.assertIn(f"{finnish(day)}.", text, "the approval")
                self.assertIn(finnish(meeting_day), minutes.body, "the meeting")
                # the minutes e-mail dates the meeting as Helsinki does
                action = meeting.with_user(
                    self.user_coordinator
                ).action_distribute_minutes()
                composer = Form(
                    self.env["mail.compose.message"]
                    .with_user(self.user_coordinator)
                    .with_context(action["context"], lang="fi_FI")
                )
                composer.save().action_send_mail()
                self.assertEqual(meeting.state, "minutes_distributed")
                [mail] = self._mails(self.person_volunteer, meeting.name)
                self.assertIn(finnish(meeting_day), mail.body_html)
                # a deadline before the meeting's day in Helsinki is refused
                with self.assertRaises(ValidationError, msg="a deadline before"):
                    self._agree(
                        self._held_meeting(hours=0),
                        "Liian aikaisin.",
                        commitments=[
                            {
                                "name": "Eilen",
                                "organisation_id": self.org_assoc.id,
                                "deadline": meeting_day - timedelta(days=1),
                            }
                        ],
                    )

    # --- commitments: overdue, due soon, reminders, the analyses -------

    def _commitments(self, table, day, names):
        """Open commitments of the association at ``table``, one per
        (name, days from ``day``) of ``names``, by name."""
        return {
            name: self.env["kp.commitment"].create(
                {
                    "name": name,
                    "table_id": table.id,
                    "organisation_id": self.org_assoc.id,
                    "responsible_partner_id": self.person_volunteer.id,
                    "deadline": day + timedelta(days=days),
                }
            )
            for name, days in names
        }

    def _names(self, commitments, domain):
        """The names of ``commitments`` that a search with ``domain`` finds
        (the list's filters)."""
        return set(
            commitments.search([("id", "in", commitments.ids), *domain]).mapped("name")
        )

    def test_commitments_are_overdue_and_reminded_by_the_tables_day(self):
        ahead = self.reminder_days
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                day = local.date()
                mine = self._commitments(
                    self.table,
                    day,
                    [
                        ("Eilinen", -1),
                        ("Tämänpäiväinen", 0),
                        ("Muistutettava", ahead),
                        ("Myöhempi", ahead + 1),
                        ("Viikon päästä", 8),
                    ],
                )
                ny_day = in_zone(instant, NEW_YORK).date()
                theirs = self._commitments(
                    self.table_ny, ny_day, [("NY eilinen", -1), ("NY tänään", 0)]
                )
                everything = self.env["kp.commitment"].browse(
                    [c.id for c in [*mine.values(), *theirs.values()]]
                )
                for user in (self.user_coordinator, self.user_manager):
                    seen = everything.with_user(user)
                    self.assertEqual(
                        {c.name for c in seen if c.is_overdue},
                        {"Eilinen", "NY eilinen"},
                        f"the overdue flag, as {user.tz}",
                    )
                    self.assertEqual(
                        self._names(seen, [("is_overdue", "=", True)]),
                        {"Eilinen", "NY eilinen"},
                        f"the overdue filter, as {user.tz}",
                    )
                    self.assertEqual(
                        self._names(seen, [("is_overdue", "=", False)]),
                        {"Tämänpäiväinen", "Muistutettava", "Myöhempi"}
                        | {"Viikon päästä", "NY tänään"},
                        f"not overdue, as {user.tz}",
                    )
                    self.assertEqual(
                        self._names(seen, [("is_due_soon", "=", True)]),
                        {"Tämänpäiväinen", "Muistutettava", "Myöhempi", "NY tänään"},
                        f"due within 7 days, as {user.tz}",
                    )
                # the daily job reminds by the table's day
                self.env["kp.commitment"]._cron_send_reminders()
                reminded = {
                    name: self.env["mail.mail"].search(
                        [("model", "=", "kp.commitment"), ("res_id", "=", c.id)]
                    )
                    for name, c in {**mine, **theirs}.items()
                }
                self.assertIn("Eilinen", reminded["Eilinen"].subject)
                yesterday = day - timedelta(days=1)
                self.assertEqual(mine["Eilinen"].reminded_overdue, yesterday)
                for name in ("Tämänpäiväinen", "Muistutettava", "NY tänään"):
                    self.assertEqual(len(reminded[name]), 1, name)
                for name in ("Myöhempi", "Viikon päästä"):
                    self.assertFalse(reminded[name], f"{name}: not yet")
                self.assertEqual(len(reminded["NY eilinen"]), 1)
                self.assertFalse(mine["Tämänpäiväinen"].reminded_overdue, "not overdue")

    def test_the_analyses_count_overdue_by_the_tables_day(self):
        """The analyses' queries take "now" from the clock the records use
        (PostgreSQL's own now() is the real time, not the application's)."""
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                day = local.date()
                # agreed at a meeting the day before (in Helsinki) on a
                # department's matter
                meeting = self._held_meeting(hours=30, items=["Koulutien valaistus"])
                item = meeting.agenda_item_ids
                item.write({"source": "department", "source_name": "Tekniset"})
                self._agree(
                    meeting,
                    "Valaistus korjataan.",
                    item,
                    [
                        {
                            "name": name,
                            "organisation_id": self.org_city.id,
                            "deadline": day + timedelta(days=days),
                        }
                        for name, days in (("Eilinen", -1), ("Tämänpäiväinen", 0))
                    ],
                )
                ny_day = in_zone(instant, NEW_YORK).date()
                self._commitments(
                    self.table_ny, ny_day, [("NY eilinen", -1), ("NY tänään", 0)]
                )
                self.env.flush_all()
                for table in (self.table, self.table_ny):
                    [[count]] = (
                        self.env["kp.commitment.report"]
                        .with_user(self.user_manager)
                        ._read_group(
                            [("table_id", "=", table.id)], [], ["overdue_count:sum"]
                        )
                    )
                    self.assertEqual(count, 1, f"commitments analysis: {table.name}")
                [[count]] = (
                    self.env["kp.intake.report"]
                    .with_user(self.user_manager)
                    ._read_group(
                        [("table_id", "=", self.table.id)],
                        [],
                        ["commitment_overdue_count:sum"],
                    )
                )
                self.assertEqual(count, 1, "the regional intake analysis")

    # --- joint activities: turns and their reminders ------------------

    def test_turns_are_reminded_by_the_tables_day(self):
        """A turn is reminded the municipality's reminder days before its
        day at the table, whatever the hour the daily job runs."""
        activity = self.env["kp.joint.activity"].create(
            {
                "name": "Kahvia ja kohtaamisia",
                "table_id": self.table.id,
                "roster_ids": [
                    Command.create({"organisation_id": self.org_assoc.id}),
                    Command.create({"organisation_id": self.org_city.id}),
                ],
            }
        )
        ahead = self.reminder_days
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                day = local.date()
                turns = self.env["kp.activity.occurrence"].create(
                    [
                        {
                            "activity_id": activity.id,
                            "organisation_id": organisation.id,
                            "contact_partner_id": person.id,
                            # 14:00 in Helsinki
                            "start": from_helsinki(
                                datetime.combine(day + timedelta(days=days), time(14))
                            ),
                        }
                        for organisation, person, days in (
                            (self.org_assoc, self.person_volunteer, ahead),
                            (self.org_city, self.person_official, ahead + 1),
                        )
                    ]
                )
                self.env["kp.activity.occurrence"]._cron_send_turn_reminders()
                self.assertEqual(turns[0].reminded_start, turns[0].start, "due")
                [mail] = self._mails(self.person_volunteer)
                self.assertEqual(mail.res_id, turns[0].id)
                self.assertFalse(turns[1].reminded_start, "a day later")
                self.assertFalse(self._mails(self.person_official))

    # --- participants and contributions --------------------------------

    def test_joining_leaving_and_contributing_on_the_tables_day(self):
        for label, instant, local in INSTANTS:
            with self._at(label, instant):
                day = local.date()
                as_coordinator = self.env["kp.participant"].with_user(
                    self.user_coordinator
                )
                invited = as_coordinator.create(
                    {
                        "table_id": self.table.id,
                        "partner_id": self.person_resident.id,
                        "state": "invited",
                    }
                )
                self.assertFalse(invited.joined_date)
                invited.action_join()
                self.assertEqual(invited.joined_date, day, "joined")
                invited.action_leave()
                self.assertEqual(invited.left_date, day, "left")
                seated = as_coordinator.create(
                    {"table_id": self.table.id, "partner_id": self.newcomer.id}
                )
                self.assertEqual(seated.joined_date, day, "seated")
                contribution = self._contributions(
                    self.table,
                    [(self.org_assoc, "volunteer_hours", {"quantity": 3})],
                    env=self.env(user=self.user_coordinator),
                )
                self.assertEqual(contribution.date, day, "a contribution")

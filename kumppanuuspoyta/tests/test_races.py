"""Approved minutes never disagree with the records, also when someone adds
a commitment or edits an agreement at the moment the minutes are approved:
two real transactions on two connections, retried as Odoo's server retries
a request after a serialization failure.

Not ``standard``: Odoo's own test runner holds its registry lock while it runs
post-install tests, and a second transaction in a thread that commits would
wait for that lock; pytest-odoo, which scripts/test and CI run, has no such
lock and runs these (tag ``kp_concurrency``)."""

import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

WAIT = 60  # seconds: a thread that has not finished by then has hung


class RaceCase(TransactionCase):
    """Committed data and two transactions at once, as two requests."""

    def _commit(self, work):
        """Run work(env) in its own committed transaction."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            return work(env)

    def _drafted_minutes(self, env):
        organisation = env["res.partner"].create(
            {
                "name": "Kilpailun yhdistys",
                "is_company": True,
                "kp_sector_id": env.ref("kumppanuuspoyta.kp_sector_association").id,
            }
        )
        person = env["res.partner"].create(
            {"name": "Kaisa Kilpailija", "parent_id": organisation.id}
        )
        table = env["kp.table"].create({"name": "Kilpailupöytä", "state": "active"})
        seat = env["kp.participant"].create(
            {"table_id": table.id, "partner_id": person.id}
        )
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=3)
        meeting = env["kp.meeting"].create(
            {"table_id": table.id, "start": start, "chair_id": seat.id}
        )
        item = env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Kevään vuorot"}
        )
        meeting.action_held()
        agreement = env["kp.agreement"].create(
            {
                "meeting_id": meeting.id,
                "agenda_item_id": item.id,
                "name": "Sovittiin kevään vuoroista.",
            }
        )
        meeting.action_draft_minutes()
        return {
            "table": table.id,
            "meeting": meeting.id,
            "agreement": agreement.id,
            "organisation": organisation.id,
            "partners": (organisation | person).ids,
        }

    def _cleanup(self, ids):
        def remove(env):
            env = env(context={MODULE_UNINSTALL_FLAG: True, "active_test": False})
            table = env["kp.table"].browse(ids["table"])
            meetings = table.meeting_ids
            env["kp.minutes"].search([("table_id", "=", table.id)]).unlink()
            env["kp.commitment"].search([("table_id", "=", table.id)]).unlink()
            meetings.agreement_ids.unlink()
            meetings.attendance_ids.unlink()
            env["kp.agenda.item"].search([("table_id", "=", table.id)]).unlink()
            events = meetings.event_id
            meetings.unlink()
            events.unlink()
            table.participant_ids.unlink()
            table.unlink()
            env["res.partner"].browse(ids["partners"]).unlink()

        self._commit(remove)

    def _race(self, first, second):
        """Both works start their transactions, then both write; each is
        retried after a serialization failure as Odoo's server does.
        Returns what each ended with: None, or the UserError it raised."""
        started = threading.Barrier(2, timeout=WAIT)
        outcomes = {}

        def run(name, work):
            with self.registry.cursor() as cr:
                # mails are queued, not sent after commit from this thread: that
                # opens the registry, which Odoo's own test runner holds locked
                env = api.Environment(
                    cr,
                    SUPERUSER_ID,
                    {"lang": "en_US", "mail_notify_force_send": False},
                )
                attempts = []

                def attempt():
                    # the snapshot of this transaction is taken here
                    env["kp.meeting"].search_count([])
                    if not attempts:
                        started.wait()
                    attempts.append(1)
                    work(env)

                try:
                    retrying(attempt, env)
                    outcomes[name] = None
                except UserError as error:
                    outcomes[name] = error

        threads = [
            threading.Thread(target=run, args=(name, work))
            for name, work in (("first", first), ("second", second))
        ]
        with mute_logger("odoo.sql_db", "odoo.service.model"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(WAIT)
        self.assertFalse(any(t.is_alive() for t in threads), "a transaction hung")
        return outcomes

    def _prepare(self):
        """Drafted minutes, committed (and removed after the test), and the
        approval of them as one request would do it."""
        ids = self._commit(self._drafted_minutes)
        self.addCleanup(self._cleanup, ids)

        def approve(env):
            env["kp.meeting"].browse(ids["meeting"]).action_approve_minutes()

        return ids, approve

    def _minutes_and_records(self, ids):
        def read(env):
            meeting = env["kp.meeting"].browse(ids["meeting"])
            minutes = meeting.minutes_ids
            return (
                meeting.state,
                minutes.mapped("body"),
                meeting.commitment_ids.mapped("name"),
                meeting.agreement_ids.mapped("name"),
            )

        return self._commit(read)


@tagged("post_install", "-at_install", "-standard", "kp_concurrency")
class TestApprovalRace(RaceCase):
    def test_commitment_added_while_the_minutes_are_approved(self):
        ids, approve = self._prepare()

        def add(env):
            table = env["kp.meeting"].browse(ids["meeting"]).table_id
            env["kp.commitment"].create(
                {
                    "agreement_id": ids["agreement"],
                    "name": "Varaa kirjaston sali",
                    "organisation_id": ids["organisation"],
                    "deadline": table._today() + timedelta(days=20),
                }
            )

        outcomes = self._race(approve, add)
        state, bodies, commitments, _agreements = self._minutes_and_records(ids)
        self.assertEqual(state, "minutes_approved")
        self.assertIsNone(outcomes["first"])
        self.assertEqual(len(bodies), 1)
        # either the commitment was refused, or the minutes carry it
        if outcomes["second"] is None:
            self.assertEqual(commitments, ["Varaa kirjaston sali"])
            self.assertIn("Varaa kirjaston sali", bodies[0])
        else:
            self.assertIn("are approved", outcomes["second"].args[0])
            self.assertEqual(commitments, [])
            self.assertNotIn("Varaa kirjaston sali", bodies[0])

    def test_agreement_edited_while_the_minutes_are_approved(self):
        ids, approve = self._prepare()

        def edit(env):
            env["kp.agreement"].browse(
                ids["agreement"]
            ).name = "Sovittiin kevään ja syksyn vuoroista."

        outcomes = self._race(edit, approve)
        state, bodies, _commitments, agreements = self._minutes_and_records(ids)
        self.assertEqual(state, "minutes_approved")
        self.assertIsNone(outcomes["second"])
        self.assertEqual(len(agreements), 1)
        self.assertIn(agreements[0], bodies[0])


@tagged("post_install", "-at_install", "-standard", "kp_concurrency")
class TestProposalRace(RaceCase):
    """Two coordinators answer the same proposal at once: one answer stands
    and the proposer is told once, what became of it."""

    def test_two_answers_at_once(self):
        ids, _approve = self._prepare()

        def plan(env):
            table = env["kp.table"].browse(ids["table"])
            person = env["res.partner"].browse(ids["partners"][1])
            person.write({"email": "kaisa.kilpailija@example.com", "lang": "en_US"})
            meeting = env["kp.meeting"].create(
                {
                    "table_id": table.id,
                    "start": fields.Datetime.now().replace(microsecond=0)
                    + timedelta(days=7),
                }
            )
            proposal = env["kp.agenda.item"].create(
                {
                    "table_id": table.id,
                    "name": "Kylätiet",
                    "proposer_id": table.participant_ids.id,
                }
            )
            return meeting.id, proposal.id, person.id

        meeting_id, proposal_id, person_id = self._commit(plan)

        def accept(env):
            env["kp.agenda.item"].browse(proposal_id).action_accept(
                env["kp.meeting"].browse(meeting_id)
            )

        def decline(env):
            env["kp.agenda.item"].browse(proposal_id).action_decline("Ei nyt.")

        outcomes = self._race(accept, decline)
        self.assertEqual(sum(outcome is None for outcome in outcomes.values()), 1)

        def told(env):
            proposal = env["kp.agenda.item"].browse(proposal_id)
            mails = env["mail.mail"].search(
                [
                    ("recipient_ids", "in", [person_id]),
                    ("subject", "ilike", "Kylätiet"),
                ]
            )
            return proposal.state, mails.mapped("body_html")

        state, bodies = self._commit(told)
        self.assertEqual(len(bodies), 1, "the proposer is told once")
        if state == "accepted":
            self.assertIn("is on the agenda", bodies[0])
        else:
            self.assertEqual(state, "declined")
            self.assertIn("was declined", bodies[0])


@tagged("post_install", "-at_install", "-standard", "kp_concurrency")
class TestMailJobResumes(RaceCase):
    """A large table's invitations are made by a job in committed batches:
    a batch that crashes is rolled back whole, and the job resumed after it
    sends everyone their invitation exactly once."""

    def test_job_interrupted_between_batches_sends_no_one_twice(self):
        people = 60

        def plan(env):
            organisation = env["res.partner"].create(
                {"name": "Jatkuvuuden yhdistys", "is_company": True}
            )
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Jatkaja {index:02d}",
                        "parent_id": organisation.id,
                        "email": f"jatkaja{index}@example.com",
                    }
                    for index in range(people)
                ]
            )
            partners[0].email = False
            table = env["kp.table"].create(
                {"name": "Jatkuvuuspöytä", "state": "active"}
            )
            env["kp.participant"].create(
                [{"table_id": table.id, "partner_id": p.id} for p in partners]
            )
            start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=9)
            meeting = env["kp.meeting"].create({"table_id": table.id, "start": start})
            return {
                "table": table.id,
                "meeting": meeting.id,
                "event": meeting.event_id.id,
                "partners": (organisation | partners).ids,
                "people": partners.ids,
            }

        ids = self._commit(plan)
        try:
            # the first batch, committed as the job commits it
            self._commit(
                lambda env: (
                    env["kp.meeting"].browse(ids["meeting"])._kp_send_pending(limit=25)
                )
            )

            # the next batch dies before its commit (a killed worker)
            def crash(env):
                env["kp.meeting"].browse(ids["meeting"])._kp_send_pending(limit=25)
                env.cr.rollback()

            self._commit(crash)
            # the job runs again, as the cron runs it, to the end
            self._commit(lambda env: env["kp.meeting"]._cron_send_pending_mails())

            def check(env):
                meeting = env["kp.meeting"].browse(ids["meeting"])
                for partner in env["res.partner"].browse(ids["people"][1:]):
                    invitations = env["mail.mail"].search(
                        [
                            ("recipient_ids", "in", partner.ids),
                            ("model", "=", "calendar.event"),
                            ("res_id", "=", ids["event"]),
                        ]
                    )
                    self.assertEqual(len(invitations), 1, partner.name)
                self.assertEqual(
                    meeting.send_progress,
                    f"Invitations: {people - 1} / {people} sent, 1 not sent",
                )
                self.assertIn("Jatkaja 00: no e-mail address", meeting.send_problems)

            self._commit(check)
        finally:

            def forget(env):
                env["mail.message"].search(
                    [
                        "|",
                        "&",
                        ("model", "=", "calendar.event"),
                        ("res_id", "=", ids["event"]),
                        "&",
                        ("model", "=", "kp.meeting"),
                        ("res_id", "=", ids["meeting"]),
                    ]
                ).unlink()

            self._commit(forget)
            self._cleanup(ids)

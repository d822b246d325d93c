"""Approved minutes never disagree with the records, also when someone adds
a commitment or edits an agreement at the moment the minutes are approved:
two real transactions on two connections, retried as Odoo's server retries
a request after a serialization failure.

Not ``standard``: Odoo's own test runner holds its registry lock while it runs
post-install tests, and a second transaction in a thread that commits would
wait for that lock; pytest-odoo, which scripts/test and CI run, has no such
lock and runs these (tag ``kp_concurrency``)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .race_common import RaceCase


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
            self.assertIn("did not take it up", bodies[0])


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

import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase
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

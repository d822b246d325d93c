"""Recorded answers of Ahjo's open API served from 127.0.0.1 (the only
host Odoo's test cases let a request reach: odoo/tests/common.py,
BaseCase._request_handler), on a free port the test's own server binds."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from odoo.tools import file_open

from odoo.addons.kumppanuuspoyta.tests.common import KpMinutesCommon

from ..models.kp_decision_handoff import KEY_PARAM, URL_PARAM

DATA = "kumppanuuspoyta_ahjo/tests/data"
KEY = "s3cret-ahjo-key"
# case number -> (HTTP status, recorded answer); "slow" never answers
# before the client's timeout
ANSWERS = {
    "HEL-2026-000101": (200, "found.json"),
    "HEL-2026-000102": (200, "not_decided.json"),
    "HEL-2026-000103": (200, "malformed.txt"),
    "HEL-2026-000104": (500, "error_500.json"),
    "HEL-2026-000105": ("slow", None),
}


class AhjoAnswers(BaseHTTPRequestHandler):
    """GET /decisions?caseid=…&api-key=…: the recorded answer of the case."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        case = query.get("caseid", [""])[0]
        self.server.asked.append({"path": parts.path, **query})
        status, name = ANSWERS.get(case, (200, "not_decided.json"))
        if status == "slow":
            # no answer until the test is done with it: the client gave up
            # long before and left
            self.server.release.wait(30)
            return
        with file_open(f"{DATA}/{name}", "rb") as answer:
            body = answer.read()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Quiet: the Odoo log stays the tests' own."""


class AhjoCommon(KpMinutesCommon):
    """An agreement of approved minutes, and Ahjo's API on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), AhjoAnswers)
        cls.server.daemon_threads = True
        cls.server.asked = []
        cls.server.release = threading.Event()
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.addClassCleanup(cls.server.release.set)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(URL_PARAM, f"http://127.0.0.1:{cls.server.server_port}/")
        params.set_param(KEY_PARAM, KEY)
        cls.meeting, cls.agreement = cls._lighting_agreement(
            proposer=cls.seat_volunteer, commitments=False
        )
        cls.item = cls.meeting.agenda_item_ids
        cls.cron = cls.env.ref("kumppanuuspoyta_ahjo.kp_ahjo_cron_sync")

    def _handoff(self, case_number, state="registered", **vals):
        """A hand-off followed in Ahjo, sent by the coordinator."""
        handoff = (
            self.env["kp.decision.handoff"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "agreement_id": self.agreement.id,
                    "addressee": "Kaupunginhallitus",
                    "code": "ahjo",
                    "case_number": case_number,
                    **vals,
                }
            )
        )
        handoff.action_send()
        if state == "registered":
            handoff.action_register()
        return handoff.with_env(self.env)

    def _run_job(self):
        """Run the job as Odoo's scheduler does (its own cursor, the progress
        committed step by step: here a cursor on the test's transaction),
        then read what it wrote."""
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()

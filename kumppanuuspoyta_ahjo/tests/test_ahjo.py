"""Decisions looked up in Helsinki's Ahjo by case number (issue #23): the
job fills the decision and moves the hand-off to decided through the gate;
an answer without the decision changes nothing; errors, timeouts and bad
answers show on the hand-off with a growing wait before the next try, and
never reach a user's request; only administrators read or change the API's
address and key."""

from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..models.kp_decision_handoff import KEY_PARAM, URL_PARAM
from .common import KEY, AhjoCommon

# what a coordinator reads on the hand-off after each kind of look-up
READ = ["state", "case_number", "decision_date", "decision_section", "summary"]


@tagged("post_install", "-at_install")
class TestAhjo(AhjoCommon):
    def _read(self, handoff):
        return handoff.with_user(self.user_coordinator).read(READ + ["link"])[0]

    # --- found ---------------------------------------------------------------

    def test_found_decision_is_recorded_and_decided(self):
        handoff = self._handoff("hel 2026-000101")
        self.assertEqual(handoff.case_number, "HEL 2026-000101")
        self._run_job()
        self.assertEqual(handoff.state, "approved")
        self.assertEqual(handoff.decision_date, date(2026, 3, 12))
        self.assertEqual(handoff.decision_section, "123")
        self.assertIn("Kylätien valaistuksen rakentaminen", handoff.summary)
        self.assertIn("valaistus rakennetaan vuoden 2026 aikana", handoff.summary)
        # the decision's contact person is not copied
        self.assertNotIn("09 310", handoff.summary)
        self.assertEqual(
            handoff.link,
            "https://paatokset.hel.fi/fi/asia/hel-2026-000101"
            "?paatos=5E3B2C61-0A4D-4F7B-9C2E-7D1A8E6F4B20",
        )
        self.assertEqual(handoff.external_id, "5E3B2C61-0A4D-4F7B-9C2E-7D1A8E6F4B20")
        self.assertFalse(handoff.sync_error)
        # the agreement shows it, in Finnish too
        self.agreement.invalidate_recordset()
        self.assertEqual(
            self.agreement.with_context(lang="en_US").decision_line,
            "In decision-making: HEL 2026-000101 – decided Mar 12, 2026 § 123",
        )
        self._load_finnish()
        self.assertEqual(
            self.agreement.with_context(lang="fi_FI").decision_line,
            "Päätöksenteossa: HEL 2026-000101 – päätetty 12.3.2026 § 123",
        )
        # the API was asked by Ahjo's CaseID, with the key
        asked = self.server.asked[-1]
        self.assertEqual(asked["path"], "/decisions")
        self.assertEqual(asked["caseid"], ["HEL-2026-000101"])
        self.assertEqual(asked["api-key"], [KEY])
        # the coordinators and the proposer are told it was decided
        told = self._mails(self.person_volunteer).filtered(
            lambda m: m.model == handoff._name and "Approved" in m.body_html
        )
        self.assertTrue(told)
        # a decided hand-off is not looked up again
        count = len(self.server.asked)
        self._run_job()
        self.assertEqual(len(self.server.asked), count)

    def test_sent_hand_off_found_is_decided_too(self):
        handoff = self._handoff("HEL 2026-000101", state="sent")
        self._run_job()
        self.assertEqual(handoff.state, "approved")

    # --- not decided yet -------------------------------------------------------

    def test_not_decided_changes_nothing(self):
        handoff = self._handoff("HEL 2026-000102", summary="Esitys valmistelussa.")
        before = self._read(handoff)
        self._run_job()
        self.assertEqual(self._read(handoff), before)
        self.assertEqual(handoff.state, "registered")
        self.assertEqual(handoff.summary, "Esitys valmistelussa.")
        self.assertFalse(handoff.sync_error)
        self.assertFalse(handoff.sync_next_try, "looked up again at the next run")

    # --- failures ---------------------------------------------------------------

    def _assert_failed(self, handoff, before, words):
        self.assertEqual(self._read(handoff), before, "the hand-off is unchanged")
        self.assertIn(words, handoff.sync_error)
        self.assertNotIn(KEY, handoff.sync_error, "the key is never shown")
        self.assertNotIn("127.0.0.1", handoff.sync_error)
        self.assertEqual(handoff.sync_failures, 1)
        self.assertGreater(handoff.sync_next_try, fields.Datetime.now())
        # the coordinator sees why on the hand-off's form
        form = Form(handoff.with_user(self.user_coordinator))
        self.assertEqual(form.sync_error, handoff.sync_error)

    def test_server_error_is_shown_with_backoff(self):
        handoff = self._handoff("HEL 2026-000104")
        before = self._read(handoff)
        self._run_job()
        self._assert_failed(handoff, before, "500")
        first_wait = handoff.sync_next_try - fields.Datetime.now()
        # not due before its time: the next run leaves it alone
        count = len(self.server.asked)
        self._run_job()
        self.assertEqual(len(self.server.asked), count)
        # due again: a second failure waits longer
        handoff.sync_next_try = fields.Datetime.now()
        self._run_job()
        self.assertEqual(handoff.sync_failures, 2)
        self.assertGreater(
            handoff.sync_next_try - fields.Datetime.now(), first_wait * 1.5
        )
        self.assertEqual(handoff.state, "registered")

    def test_malformed_answer_is_shown(self):
        handoff = self._handoff("HEL 2026-000103")
        before = self._read(handoff)
        self._run_job()
        self._assert_failed(handoff, before, "could not be read")

    def test_timeout_is_shown(self):
        handoff = self._handoff("HEL 2026-000105")
        before = self._read(handoff)
        self._run_job()
        self.server.release.set()
        self._assert_failed(handoff, before, "did not answer within")

    def test_unreachable_api_is_shown(self):
        params = self.env["ir.config_parameter"].sudo()
        # a port nothing listens on: the server's, closed for this test
        params.set_param(URL_PARAM, "http://127.0.0.1:9/")
        handoff = self._handoff("HEL 2026-000101")
        before = self._read(handoff)
        self._run_job()
        self._assert_failed(handoff, before, "could not be reached")

    def test_success_after_failure_clears_the_error(self):
        handoff = self._handoff("HEL 2026-000101")
        handoff.write(
            {"sync_error": "Ahjo answered with the error 500.", "sync_failures": 3}
        )
        self._run_job()
        self.assertEqual(handoff.state, "approved")
        self.assertFalse(handoff.sync_error)
        self.assertEqual(handoff.sync_failures, 0)

    def test_users_request_never_waits_for_ahjo(self):
        """Sending asks the job; the request itself asks Ahjo nothing."""
        count = len(self.server.asked)
        triggers = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        handoff = self._handoff("HEL 2026-000105", state="sent")
        self.assertEqual(len(self.server.asked), count)
        self.assertEqual(handoff.state, "sent")
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers,
        )

    # --- the link -----------------------------------------------------------------

    def test_link_must_be_on_paatokset_hel_fi(self):
        handoff = self._handoff("HEL 2026-000102")
        with self.assertRaises(ValidationError):
            handoff.with_user(self.user_coordinator).link = "https://example.org/x"
        self.assertFalse(handoff.link)

    # --- access ---------------------------------------------------------------------

    def test_only_administrators_read_or_change_the_parameters(self):
        for user in (self.user_coordinator, self.user_manager, self.user_participant):
            params = self.env["ir.config_parameter"].with_user(user)
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    params.get_param(KEY_PARAM)
                with self.assertRaises(AccessError):
                    params.set_param(URL_PARAM, "https://ahjo.example.org/")
                with self.assertRaises(AccessError):
                    params.set_param(KEY_PARAM, "stolen")
        # nor through the settings a manager opens
        settings = self.env["res.config.settings"].with_user(self.user_manager)
        self.assertNotIn("kp_ahjo_api_key", settings.fields_get())
        with self.assertRaises(AccessError):
            settings.create({"kp_ahjo_api_key": "stolen"}).execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param(KEY_PARAM), KEY)
        self.assertTrue(params.get_param(URL_PARAM).startswith("http://127.0.0.1:"))
        # an administrator reads and changes them in the settings
        admin = self.env.ref("base.user_admin")
        settings = self.env["res.config.settings"].with_user(admin).create({})
        self.assertEqual(settings.kp_ahjo_api_key, KEY)

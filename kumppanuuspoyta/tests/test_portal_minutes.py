from odoo import http
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import config, mute_logger

from .common import KpPortalCase

MINUTES_REPORT = "kumppanuuspoyta.kp_report_minutes_version"


@tagged("post_install", "-at_install")
class TestPortalMinutes(KpPortalCase):
    """Approved minutes on the portal: listed, read, downloaded, shared by link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.minutes_a = cls._approved_minutes(
            cls.table_a, "Sovittiin kevään kahvilavuoroista."
        )
        cls.minutes_b = cls._approved_minutes(
            cls.table_b, "Beta-pöydän luottamuksellinen muistio."
        )

    def _url(self, minutes, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"/my/kp/minutes/{minutes.id}" + (f"?{query}" if query else "")

    def _real_pdfs_for(self, login):
        """Sign in (None: an anonymous visitor) with a session that asks for
        real PDFs, as outside tests (Odoo's tests render reports as HTML)."""
        session = self.authenticate(login, login)
        session.context["force_report_rendering"] = True
        http.root.session_store.save(session)

    def test_participant_reads_and_downloads(self):
        self._login_portal()
        response = self.url_open(f"/my/kp/tables/{self.table_a.id}")
        self.assertIn(f"/my/kp/minutes/{self.minutes_a.id}", response.text)
        response = self.url_open(self._url(self.minutes_a))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sovittiin kevään kahvilavuoroista.", response.text)
        response = self.url_open(
            self._url(self.minutes_a, report_type="pdf", download="true")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response.headers["Content-Disposition"])
        self.assertIn(".pdf", response.headers["Content-Disposition"])
        # under tests Odoo renders the PDF route's body as HTML; the real PDF
        # is checked below
        self.assertIn("Sovittiin kevään kahvilavuoroista.", response.text)

    def test_real_pdf(self):
        # wkhtmltopdf loads the report's assets from this test server
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(MINUTES_REPORT, self.minutes_a.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_download_serves_the_file_made_once(self):
        """The portal and the shared link serve the PDF Odoo keeps of the
        version (made by the approval's job): no visitor's request runs
        wkhtmltopdf again."""
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        self.minutes_a.with_context(force_report_rendering=True)._kp_store_pdf()
        stored = self.minutes_a._kp_kept_pdf()
        self.assertTrue(stored.raw.startswith(b"%PDF"))
        # what a fresh render would print differently
        self.minutes_a.company_id.name = "Uusi kunnan nimi"
        token = self.minutes_a.access_token
        self._real_pdfs_for(None)
        downloads = [
            self.url_open(
                self._url(self.minutes_a, access_token=token, report_type="pdf")
            )
            for _visit in range(2)
        ]
        self._real_pdfs_for("kp_portal")
        downloads.append(
            self.url_open(self._url(self.minutes_a, report_type="pdf", download="true"))
        )
        for response in downloads:
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
            self.assertEqual(response.content, stored.raw)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "kp.minutes"), ("res_id", "=", self.minutes_a.id)]
            ),
            1,
        )
        # another table's minutes, even with their file kept: not found
        self.minutes_b.with_context(force_report_rendering=True)._kp_store_pdf()
        self.assertTrue(self.minutes_b._kp_kept_pdf())
        response = self.url_open(self._url(self.minutes_b, report_type="pdf"))
        self.assertEqual(response.status_code, 404)
        self.assertNotEqual(response.content, self.minutes_b._kp_kept_pdf().raw)

    def test_other_table_minutes_refused(self):
        self._login_portal()
        for params in ({}, {"report_type": "pdf"}, {"access_token": "wrong"}):
            response = self.url_open(self._url(self.minutes_b, **params))
            self.assertNotIn("Beta-pöydän luottamuksellinen muistio", response.text)
            self.assertEqual(response.status_code, 404)

    def test_shared_link_with_token(self):
        # anonymous visitor: the token opens exactly these minutes
        token = self.minutes_a.access_token
        self.assertTrue(token)
        response = self.url_open(self._url(self.minutes_a, access_token=token))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sovittiin kevään kahvilavuoroista.", response.text)
        response = self.url_open(
            self._url(self.minutes_a, access_token=token, report_type="pdf")
        )
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        for params in ({}, {"access_token": "x" + token[1:]}):
            response = self.url_open(self._url(self.minutes_a, **params))
            self.assertNotIn("Sovittiin kevään kahvilavuoroista.", response.text)
            # a visitor without a valid token is asked to sign in
            self.assertIn("/web/login", response.url)
        # the token of table A does not open table B's minutes
        response = self.url_open(self._url(self.minutes_b, access_token=token))
        self.assertNotIn("Beta-pöydän luottamuksellinen muistio", response.text)

    def test_restricted_minutes_closed_to_participants_and_links(self):
        # minutes naming a person who was anonymised: managers only
        self.minutes_a.kp_restricted = True
        token = self.minutes_a.access_token
        for params in ({}, {"access_token": token}, {"report_type": "pdf"}):
            response = self.url_open(self._url(self.minutes_a, **params))
            self.assertNotIn("Sovittiin kevään kahvilavuoroista.", response.text)
        self._login_portal()
        for params in ({}, {"access_token": token}, {"report_type": "pdf"}):
            response = self.url_open(self._url(self.minutes_a, **params))
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("Sovittiin kevään kahvilavuoroista.", response.text)

    def test_share_from_backend(self):
        """The coordinator shares the minutes with a partner who has no
        account: Odoo's share wizard mails a link that opens them."""
        coordinator = new_test_user(
            self.env,
            "kp_share_coordinator",
            groups="kumppanuuspoyta.group_kp_coordinator,base.group_partner_manager",
            name="Sanna Share",
        )
        self._seat(self.table_a, coordinator.partner_id, [self.role_convener])
        wizard = (
            self.env["portal.share"]
            .with_user(coordinator)
            .with_context(active_model="kp.minutes", active_id=self.minutes_a.id)
            .create({"partner_ids": [(6, 0, self.person_resident.ids)]})
        )
        self.person_resident.email = "riitta@example.com"
        self.assertIn(self.minutes_a.access_token, wizard.share_link)
        wizard.action_send_mail()
        message = self.minutes_a.message_ids[:1]
        self.assertIn(self.person_resident, message.partner_ids)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertTrue(mail)
        # the shared link, opened without an account, shows the minutes
        response = self.url_open(wizard.share_link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sovittiin kevään kahvilavuoroista.", response.text)
        # sharing did not change the approved text
        self.assertIn("Sovittiin kevään kahvilavuoroista.", self.minutes_a.body)
        self.assertEqual(self.minutes_a.version, 1)

    def test_shared_link_only_reads(self):
        """The holder of a share link reads the minutes and their comments,
        but posts nothing into them."""
        token = self.minutes_a.access_token
        before = self.minutes_a.message_ids
        post = {
            "thread_model": "kp.minutes",
            "thread_id": self.minutes_a.id,
            "post_data": {
                "body": "Nimetön kommentti",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
            "token": token,
        }
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request("/mail/message/post", post)
        self.minutes_a.invalidate_recordset()
        self.assertEqual(self.minutes_a.message_ids, before)
        # the link still shows them, comments included
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "kp.minutes",
                "thread_id": self.minutes_a.id,
                "token": token,
            },
        )
        self.assertIn("messages", fetched)
        # a participant of the table still comments in their own right
        self._login_portal()
        self.make_jsonrpc_request("/mail/message/post", {**post, "token": None})
        self.minutes_a.invalidate_recordset()
        self.assertEqual(len(self.minutes_a.message_ids - before), 1)

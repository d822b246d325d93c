from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import KpPortalCase, KpPortalFixtures


@tagged("post_install", "-at_install")
class TestPortalAccess(KpPortalFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_portal_fixtures()

    def test_portal_user_sees_only_their_table(self):
        env = self.env(user=self.user_portal)
        tables = env["kp.table"].search([])
        self.assertEqual(tables, self.table_a)
        commitments = env["kp.commitment"].search([])
        self.assertEqual(commitments, self.commitment_mine)

    def test_portal_user_who_left_sees_nothing(self):
        self.portal_seat.action_leave()
        env = self.env(user=self.user_portal)
        self.assertFalse(env["kp.table"].search([]))
        self.assertFalse(env["kp.commitment"].search([]))
        self.assertFalse(env["kp.meeting"].search([]))


@tagged("post_install", "-at_install")
class TestPortal(KpPortalCase):
    sign_in = True

    def _post_stage(self, commitment, stage):
        return self.url_open(
            f"/my/kp/commitments/{commitment.id}/stage",
            data={"csrf_token": http.Request.csrf_token(self), "stage_id": stage.id},
            allow_redirects=False,
        )

    def test_tables(self):
        response = self.url_open("/my/kp/tables")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pöytä Alfa", response.text)
        self.assertNotIn("Pöytä Beta", response.text)

    def test_table_with_upcoming_meetings(self):
        day = fields.Datetime.now().date() + timedelta(days=7)
        start = fields.Datetime.to_datetime(f"{day} 07:00:00")
        meeting = self.env["kp.meeting"].create(
            {"table_id": self.table_a.id, "start": start, "location": "Kylätalo"}
        )
        self.env["kp.agenda.item"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "Hyväksytty asia",
                    "state": "accepted",
                },
                {
                    "meeting_id": meeting.id,
                    "name": "Ehdotettu asia",
                    "state": "proposed",
                },
            ]
        )
        response = self.url_open(f"/my/kp/tables/{self.table_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pöytä Alfa", response.text)
        self.assertIn("Kylätalo", response.text)
        self.assertIn("Hyväksytty asia", response.text)
        self.assertNotIn("Ehdotettu asia", response.text)
        # 07:00 UTC is 09:00 or 10:00 in Helsinki
        self.assertRegex(response.text, r"\b(09|10):00")

    def test_other_table_refused(self):
        response = self.url_open(
            f"/my/kp/tables/{self.table_b.id}", allow_redirects=False
        )
        self.assertIn(response.status_code, (303, 403, 404))
        self.assertNotIn("Pöytä Beta", response.text)
        response = self.url_open(f"/my/kp/tables/{self.table_b.id}")
        self.assertNotIn("Pöytä Beta", response.text)

    def test_commitments(self):
        response = self.url_open("/my/kp/commitments")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kerää yhdistysten uutiset", response.text)
        self.assertNotIn("Varaa kaupungintalon sali", response.text)
        self.assertNotIn("Beta-pöydän salainen lupaus", response.text)

    def test_change_stage(self):
        new_stage = self.stages - self.commitment_mine.stage_id
        new_stage = new_stage[:1]
        response = self._post_stage(self.commitment_mine, new_stage)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.commitment_mine.stage_id, new_stage)

    def test_change_stage_of_other_organisation_refused(self):
        old_stage = self.commitment_other.stage_id
        new_stage = (self.stages - old_stage)[:1]
        response = self._post_stage(self.commitment_other, new_stage)
        self.assertIn(response.status_code, (403, 404))
        self.commitment_other.invalidate_recordset()
        self.assertEqual(self.commitment_other.stage_id, old_stage)
        response = self._post_stage(self.commitment_b, new_stage)
        self.assertIn(response.status_code, (403, 404))

    def test_home_counters(self):
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/kp/tables", response.text)
        self.assertIn("/my/kp/commitments", response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["kp_table_count", "kp_commitment_count"]},
        )
        self.assertEqual(counters["kp_table_count"], 1)
        self.assertEqual(counters["kp_commitment_count"], 1)


@tagged("post_install", "-at_install")
class TestPortalComments(KpPortalCase):
    """A portal participant opens a commitment, changes its stage and comments."""

    sign_in = True

    def _comment(self, commitment, text):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "kp.commitment",
                "thread_id": commitment.id,
                "post_data": {
                    "body": text,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )

    def test_commitment_page(self):
        response = self.url_open(f"/my/kp/commitments/{self.commitment_mine.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kerää yhdistysten uutiset", response.text)
        self.assertIn("o_portal_chatter", response.text)
        self.assertIn(f'data-res_id="{self.commitment_mine.id}"', response.text)
        for other in (self.commitment_other, self.commitment_b):
            response = self.url_open(f"/my/kp/commitments/{other.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(other.name, response.text)

    def test_comment_on_own_commitment(self):
        self._comment(
            self.commitment_mine, "Uutiset on kerätty, lähetän ne maanantaina."
        )
        message = self.commitment_mine.message_ids.filtered(
            lambda m: "lähetän ne maanantaina" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.portal_partner)
        self.assertEqual(message.message_type, "comment")
        # the comment is shown on the commitment's portal page (the chatter
        # loads it from the thread's messages)
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "kp.commitment", "thread_id": self.commitment_mine.id},
        )
        self.assertIn(message.id, messages["messages"])

    def test_comment_on_other_commitment_refused(self):
        for other in (self.commitment_other, self.commitment_b):
            before = len(other.message_ids)
            with (
                self.assertRaisesRegex(JsonRpcException, "NotFound"),
                mute_logger("odoo.http"),
            ):
                self._comment(other, "Tämä ei saa mennä läpi.")
            other.invalidate_recordset()
            self.assertEqual(len(other.message_ids), before)

    def test_stage_form_returns_to_commitment_page(self):
        new_stage = (self.stages - self.commitment_mine.stage_id)[:1]
        response = self.url_open(
            f"/my/kp/commitments/{self.commitment_mine.id}/stage",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "stage_id": new_stage.id,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/kp/commitments/{self.commitment_mine.id}?saved=1"
            )
        )
        self.assertEqual(self.commitment_mine.stage_id, new_stage)
        response = self.url_open(response.headers["Location"])
        self.assertIn("o_kp_portal_saved", response.text)
        self.assertIn(new_stage.name, response.text.split("o_kp_portal_saved")[1])

    def test_notification_link_leads_to_portal_page(self):
        self.assertEqual(
            self.commitment_mine.access_url,
            f"/my/kp/commitments/{self.commitment_mine.id}",
        )
        action = self.commitment_mine.with_user(self.user_portal)._get_access_action()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/my/kp/commitments/{self.commitment_mine.id}", action["url"])

    def _assert_pages_read(self, lang, pages):
        """Signed in as the portal participant working in ``lang``, each of
        the pages (url, what it shows, what it must not show) reads so."""
        self.user_portal.lang = lang
        self.opener.cookies.clear()
        self.authenticate("kp_portal", "kp_portal")
        for url, shown, hidden in pages:
            text = self.url_open(url).text
            for fragment in shown:
                self.assertIn(fragment, text, url)
            for fragment in hidden:
                self.assertNotIn(fragment, text, url)

    def test_pages_in_finnish(self):
        self._assert_pages_read(
            "fi_FI",
            [
                ("/my/kp/tables", ["Kumppanuuspöydät"], []),
                (
                    f"/my/kp/tables/{self.table_a.id}",
                    ["Tulevat tapaamiset", "Ehdota asialistan kohtaa"],
                    [],
                ),
                (
                    f"/my/kp/commitments/{self.commitment_mine.id}",
                    ["Vastuuorganisaatio", 'lang="fi-FI"'],
                    [],
                ),
            ],
        )

    def test_pages_in_swedish(self):
        """A Swedish-speaking participant of a bilingual municipality reads
        the portal in Swedish, with no Finnish or English labels left."""
        self._load_swedish()
        self._meeting_in(self.table_a, 5, name="Höstmötet")
        self._assert_pages_read(
            "sv_SE",
            [
                ("/my/kp/tables", ["Partnerskapsbord"], ["Kumppanuuspöydät"]),
                (
                    f"/my/kp/tables/{self.table_a.id}",
                    [
                        "Kommande möten",
                        "Höstmötet",
                        "Föreslå ett ärende till föredragningslistan",
                        "Skicka förslaget",
                    ],
                    ["Upcoming meetings", "Tulevat tapaamiset"],
                ),
                (
                    f"/my/kp/commitments/{self.commitment_mine.id}",
                    ["Ansvarig organisation", 'lang="sv-SE"'],
                    ["Responsible organisation"],
                ),
            ],
        )


@tagged("post_install", "-at_install")
class TestPortalTwoCompanies(KpPortalCase):
    """Portal participants of two municipalities in one database see only
    their own municipality's table, over every portal route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_company()
        env = cls.env
        cls.user_portal_other = new_test_user(
            env,
            "kp_portal_other",
            groups="base.group_portal",
            name="Oona Other Portal",
            lang="en_US",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls._seat(cls.table_other, cls.user_portal_other.partner_id)
        cls.org_other = cls._organisation(
            "Toisen kunnan kyläyhdistys", "kp_sector_association"
        )
        cls.commitment_other_company = env["kp.commitment"].create(
            {
                "table_id": cls.table_other.id,
                "name": "Toisen kunnan toimenpide",
                "organisation_id": cls.org_other.id,
                "responsible_partner_id": cls.user_portal_other.partner_id.id,
            }
        )
        cls.meeting_other = cls._meeting_in(
            cls.table_other, 5, name="Toisen kunnan tapaaminen"
        )
        cls.minutes_other = cls._approved_minutes(
            cls.table_other, "Toisen kunnan sovitut asiat."
        )
        cls.minutes_a = cls._approved_minutes(cls.table_a, "Alfan sovitut asiat.")

    def _forbidden(self, url, secret):
        response = self.url_open(url)
        self.assertNotIn(secret, response.text, url)
        self.assertEqual(response.status_code, 404, url)

    def test_first_company_sees_nothing_of_the_other(self):
        self._login_portal()
        response = self.url_open("/my/kp/tables")
        self.assertIn("Pöytä Alfa", response.text)
        self.assertNotIn("Toisen kunnan pöytä", response.text)
        response = self.url_open("/my/kp/commitments")
        self.assertNotIn("Toisen kunnan toimenpide", response.text)
        for url, secret in [
            (f"/my/kp/tables/{self.table_other.id}", "Toisen kunnan pöytä"),
            (f"/my/kp/meetings/{self.meeting_other.id}/ics", "VCALENDAR"),
            (f"/my/kp/minutes/{self.minutes_other.id}", "Toisen kunnan sovitut"),
            (
                f"/my/kp/minutes/{self.minutes_other.id}?report_type=pdf",
                "Toisen kunnan sovitut",
            ),
            (
                f"/my/kp/commitments/{self.commitment_other_company.id}",
                "Toisen kunnan toimenpide",
            ),
        ]:
            self._forbidden(url, secret)
        response = self.url_open(
            f"/my/kp/tables/{self.table_other.id}/propose",
            data={"csrf_token": http.Request.csrf_token(self), "name": "Soluttautuja"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["kp.agenda.item"].search([("name", "=", "Soluttautuja")])
        )

    def test_other_company_sees_only_its_own(self):
        self.authenticate("kp_portal_other", "kp_portal_other")
        self.opener.cookies.set("frontend_lang", "en_US")
        response = self.url_open("/my/kp/tables")
        self.assertIn("Toisen kunnan pöytä", response.text)
        self.assertNotIn("Pöytä Alfa", response.text)
        response = self.url_open("/my/kp/commitments")
        self.assertIn("Toisen kunnan toimenpide", response.text)
        self.assertNotIn("Kerää yhdistysten uutiset", response.text)
        response = self.url_open(f"/my/kp/minutes/{self.minutes_other.id}")
        self.assertIn("Toisen kunnan sovitut asiat.", response.text)
        self._forbidden(f"/my/kp/tables/{self.table_a.id}", "Pöytä Alfa")
        self._forbidden(f"/my/kp/minutes/{self.minutes_a.id}", "Alfan sovitut")
        self._forbidden(
            f"/my/kp/commitments/{self.commitment_mine.id}", "Kerää yhdistysten"
        )
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["kp_table_count", "kp_commitment_count"]}
        )
        self.assertEqual(counters, {"kp_table_count": 1, "kp_commitment_count": 1})


@tagged("post_install", "-at_install")
class TestPortalQueries(KpPortalCase):
    """The commitments page costs the same number of queries for a handful of
    commitments and for many (no query per commitment)."""

    def _add_commitments(self, count):
        self.env["kp.commitment"].create(
            [
                {
                    "table_id": self.table_a.id,
                    "name": f"Toimenpide {n}",
                    "organisation_id": self.org_assoc.id,
                    "responsible_partner_id": self.portal_partner.id,
                }
                for n in range(count)
            ]
        )

    def test_commitments_page_queries_do_not_grow(self):
        self._login_portal()
        self._add_commitments(2)
        few = self._page_queries("/my/kp/commitments")[0]
        self.assertGreater(few, 0, "the page's queries are counted")
        self._add_commitments(40)
        many = self._page_queries("/my/kp/commitments")[0]
        mine = [("table_id", "=", self.table_a.id)]
        self.assertEqual(self.env["kp.commitment"].search_count(mine), 44)
        self.assertEqual(many, few, f"{few} queries for 3, {many} for 43")


@tagged("post_install", "-at_install")
class TestPortalCommentsReachPeople(KpPortalCase):
    """Comments go both ways: the coordinator's reply reaches the portal
    participant responsible for the commitment by e-mail, with a link to it."""

    def test_reply_reaches_the_responsible_person(self):
        self.portal_partner.email = "pia@example.com"
        commitment = self.env["kp.commitment"].create(
            {
                "table_id": self.table_a.id,
                "name": "Tulosta kyläkirje",
                "organisation_id": self.org_assoc.id,
                "responsible_partner_id": self.portal_partner.id,
            }
        )
        self.assertIn(self.portal_partner, commitment.message_partner_ids)
        coordinator = new_test_user(
            self.env,
            "kp_reply_coordinator",
            groups="kumppanuuspoyta.group_kp_coordinator",
            name="Kalle Coordinator",
        )
        self._seat(self.table_a, coordinator.partner_id, [self.role_convener])
        message = commitment.with_user(coordinator).message_post(
            body="Kiitos! Kirje on hyvä.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn(self.portal_partner, mail.recipient_ids)
        self.assertIn("Kirje on hyvä", mail.body_html)
        # the button leads the portal participant to the commitment
        self.assertIn("model=kp.commitment", mail.body_html)
        self.assertIn(f"res_id={commitment.id}", mail.body_html)
        # a new responsible person follows it too
        commitment.responsible_partner_id = self.person_volunteer
        self.assertIn(self.person_volunteer, commitment.message_partner_ids)


@tagged("post_install", "-at_install")
class TestPortalPrivacy(KpPortalCase):
    """Portal users see the others at their table by name and organisation;
    their e-mail addresses and phones stay hidden, also over JSON-RPC."""

    def test_contact_details_of_others_stay_hidden(self):
        self.person_official.write(
            {"email": "virpi.salainen@example.com", "phone": "+358 40 123 4567"}
        )
        self._login_portal()
        seats = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "kp.participant",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["partner_id", "organisation_id"]},
            },
        )
        # they do see who sits at their table
        self.assertIn(
            self.person_official.id, [seat["partner_id"][0] for seat in seats]
        )
        for field in ("email", "phone"):
            with (
                self.subTest(field=field),
                self.assertRaises(JsonRpcException),
                mute_logger("odoo.http"),
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "kp.participant",
                        "method": "search_read",
                        "args": [[]],
                        "kwargs": {"fields": [field]},
                    },
                )
        # nor through the contact itself
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "res.partner",
                    "method": "read",
                    "args": [self.person_official.ids, ["email", "phone"]],
                    "kwargs": {},
                },
            )

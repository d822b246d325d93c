"""Several municipalities (companies) in one database.

Municipality A is the database's main company, B the other one. Each has a
table with participants, a held meeting with its agenda, agreements,
commitments and approved minutes, a planned meeting, attachments and chatter.
Every role of A (participant, coordinator, manager, portal participant, and a
manager allowed in both municipalities but working in A) is shown to reach
nothing of B through the ORM calls the web client, the calendar, the chatter,
the attachments and the reports make; B's records are first shown to exist
and to be reachable by B's own people, so each check would fail if the
isolation were broken.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import KpFixtures

MODELS = (
    "kp.table",
    "kp.participant",
    "kp.theme",
    "kp.project",
    "kp.standing.item",
    "kp.meeting",
    "kp.agenda.item",
    "kp.attendance",
    "kp.agreement",
    "kp.commitment",
    "kp.minutes",
)
# what a portal participant reads at all; the rest is refused by the ACL
PORTAL_MODELS = (
    "kp.table",
    "kp.participant",
    "kp.theme",
    "kp.meeting",
    "kp.agenda.item",
    "kp.commitment",
    "kp.minutes",
)
# models with a name to search for
NAMED_MODELS = (
    "kp.table",
    "kp.participant",
    "kp.theme",
    "kp.project",
    "kp.standing.item",
    "kp.meeting",
    "kp.agenda.item",
    "kp.commitment",
)
MARKER_A = "Alfakunnan"
MARKER_B = "Beetakunnan"
REPORT = "kumppanuuspoyta.kp_report_minutes"
REPORT_VERSION = "kumppanuuspoyta.kp_report_minutes_version"
# why a cross-company link is refused: Odoo's company check or the addon's
# own "same table" constraints
REFUSALS = (
    "company inconsistencies|must be a participant of the table|"
    "belongs to another table|belongs to the table of its agreement|"
    "is not on the agenda|does not sit at the table"
)


class _Linked(Exception):
    """Rolls back the savepoint of a link that was accepted."""


@tagged("post_install", "-at_install")
class TestMultiCompany(KpFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_municipalities()
        env = cls.env
        cls.company_a = cls.company
        cls.company_b = cls.other_company
        company_a_only = {
            "company_id": cls.company_a.id,
            "company_ids": [Command.set(cls.company_a.ids)],
        }
        # municipality A's people, one of each role
        users = cls._role_users("kp_mc", **company_a_only)
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.user_portal = users["portal"]
        cls.user_portal.partner_id.parent_id = cls.org_assoc
        # a manager of A who may also work in B
        cls.user_both = new_test_user(
            env,
            "kp_mc_both",
            groups="kumppanuuspoyta.group_kp_manager",
            name="Kaisa Kahden Kunnan",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        # someone of A who also sits at B's table (a regional association)
        cls.user_shared = new_test_user(
            env,
            "kp_mc_shared",
            groups="kumppanuuspoyta.group_kp_user",
            name="Saara Seutu",
            **company_a_only,
        )
        # municipality B's contacts belong to B; its participant user
        Partner = env["res.partner"]
        cls.org_b = Partner.create(
            {
                "name": f"{MARKER_B} kyläyhdistys",
                "is_company": True,
                "company_id": cls.company_b.id,
                "kp_sector_id": cls.sector_association.id,
            }
        )
        cls.person_b_chair = Partner.create(
            {
                "name": f"{MARKER_B} Tuula",
                "parent_id": cls.org_b.id,
                "company_id": cls.company_b.id,
                "email": "tuula@example.com",
            }
        )
        cls.person_b_secretary = Partner.create(
            {
                "name": f"{MARKER_B} Sakari",
                "parent_id": cls.org_b.id,
                "company_id": cls.company_b.id,
                "email": "sakari@example.com",
            }
        )
        cls.user_b = new_test_user(
            env,
            "kp_mc_b_participant",
            groups="kumppanuuspoyta.group_kp_user",
            name=f"{MARKER_B} Bertta",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

        # the tables, their supporting projects, themes and standing items
        Project = env["kp.project"]
        cls.project_a = Project.create({"name": f"{MARKER_A} hanke"})
        cls.project_b = Project.create(
            {"name": f"{MARKER_B} hanke", "company_id": cls.company_b.id}
        )
        cls.table_a = cls._table(
            f"{MARKER_A} pöytä", state="active", project_id=cls.project_a.id
        )
        cls.table_b = cls.table_other
        cls.table_b.write(
            {
                "name": f"{MARKER_B} pöytä",
                "state": "active",
                "project_id": cls.project_b.id,
            }
        )
        cls.seat_a_chair = cls._seat(cls.table_a, cls.person_official, [cls.role_chair])
        cls.seat_a_secretary = cls._seat(
            cls.table_a, cls.user_coordinator.partner_id, [cls.role_secretary]
        )
        cls.seat_a_user = cls._seat(
            cls.table_a, cls.user_participant.partner_id, [cls.role_member]
        )
        cls.seat_a_portal = cls._seat(
            cls.table_a, cls.user_portal.partner_id, [cls.role_member]
        )
        cls.seat_a_shared = cls._seat(cls.table_a, cls.user_shared.partner_id)
        cls.seat_b_chair = cls._seat(cls.table_b, cls.person_b_chair, [cls.role_chair])
        cls.seat_b_secretary = cls._seat(
            cls.table_b, cls.person_b_secretary, [cls.role_secretary]
        )
        cls.seat_b_user = cls._seat(
            cls.table_b, cls.user_b.partner_id, [cls.role_member]
        )
        cls.seat_b_shared = cls._seat(cls.table_b, cls.user_shared.partner_id)
        for table, marker in ((cls.table_a, MARKER_A), (cls.table_b, MARKER_B)):
            env["kp.theme"].create({"table_id": table.id, "name": f"{marker} teema"})
            env["kp.standing.item"].create(
                {"table_id": table.id, "name": f"{marker} kuulumiset"}
            )

        # A's meetings are run by the database's administrator, B's by B's
        # manager, as they would be
        cls.meeting_a, cls.planned_a = cls._meetings(
            env,
            cls.table_a,
            MARKER_A,
            cls.seat_a_chair,
            cls.seat_a_secretary,
            cls.org_assoc,
            cls.person_volunteer,
        )
        cls.meeting_b, cls.planned_b = cls._meetings(
            env(user=cls.user_other),
            cls.table_b,
            MARKER_B,
            cls.seat_b_chair,
            cls.seat_b_secretary,
            cls.org_b,
            cls.person_b_secretary,
        )
        cls.records_a = cls._records(cls.company_a)
        cls.records_b = cls._records(cls.company_b)
        # attachments and chatter on the records of both municipalities
        for records, marker in ((cls.records_a, MARKER_A), (cls.records_b, MARKER_B)):
            for model in ("kp.table", "kp.meeting", "kp.commitment", "kp.minutes"):
                record = records[model][:1]
                env["ir.attachment"].create(
                    {
                        "name": f"{marker} liite.txt",
                        "raw": f"{marker} salainen liite".encode(),
                        "res_model": model,
                        "res_id": record.id,
                    }
                )
                record.message_post(
                    body=f"{marker} keskustelu", subtype_xmlid="mail.mt_note"
                )
        cls.activity_a = cls.records_a["kp.commitment"].activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"{MARKER_A} muistutus",
            user_id=cls.user_manager.id,
        )
        cls.activity_b = cls.records_b["kp.commitment"].activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"{MARKER_B} muistutus",
            user_id=cls.user_other.id,
        )

    @classmethod
    def _meetings(cls, env, table, marker, chair, secretary, org, person):
        """A held meeting with an agenda, an agreement, a commitment and
        approved minutes, and a planned meeting with a proposal."""
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        Meeting = env["kp.meeting"]
        held = Meeting.create(
            {
                "table_id": table.id,
                "name": f"{marker} kevätkokous",
                "start": now - timedelta(hours=3),
                "chair_id": chair.id,
                "secretary_id": secretary.id,
                "location": f"{marker} kirjasto",
            }
        )
        item = env["kp.agenda.item"].create(
            {"meeting_id": held.id, "name": f"{marker} asialistan kohta"}
        )
        held.action_held()
        agreement = env["kp.agreement"].create(
            {
                "meeting_id": held.id,
                "agenda_item_id": item.id,
                "name": f"{marker} sovittu asia",
            }
        )
        env["kp.commitment"].create(
            {
                "agreement_id": agreement.id,
                "name": f"{marker} toimenpide",
                "organisation_id": org.id,
                "responsible_partner_id": person.id,
                "deadline": cls._today(table) + timedelta(days=20),
            }
        )
        held.action_draft_minutes()
        held.action_approve_minutes()
        planned = Meeting.create(
            {
                "table_id": table.id,
                "name": f"{marker} syyskokous",
                "start": now + timedelta(days=7),
            }
        )
        env["kp.agenda.item"].create(
            {"meeting_id": planned.id, "name": f"{marker} syksyn kohta"}
        )
        env["kp.agenda.item"].create(
            {"table_id": table.id, "name": f"{marker} ehdotus"}
        )
        return held, planned

    @classmethod
    def _records(cls, company):
        """Everything of a municipality, by model, as the superuser sees it."""
        return {
            model: cls.env[model]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            for model in MODELS
        }

    def _env(self, user, companies=None):
        records = self.env["res.users"].with_user(user)
        if companies:
            records = records.with_context(allowed_company_ids=companies.ids)
        return records.env

    def _foreign(self, records):
        """B's (or A's) records: they exist, so finding none is the rules'
        doing and not an empty fixture."""
        for model in MODELS:
            self.assertTrue(records[model], model)
        return records

    # --- the checks ---------------------------------------------------

    def _assert_isolated(self, env, own, foreign, foreign_company, marker):
        """Nothing of `foreign` reaches `env`'s user through the kp models;
        what they should see of `own` they do see."""
        portal = env.user._is_portal()
        for model in MODELS:
            Model = env[model].with_context(active_test=False)
            theirs = foreign[model]
            if portal and model not in PORTAL_MODELS:
                with self.assertRaises(AccessError, msg=model):
                    Model.search([("id", "in", theirs.ids)])
                continue
            # what they may see of their own municipality they see
            self.assertTrue(Model.search([("id", "in", own[model].ids)]), model)
            self.assertFalse(Model.search([("id", "in", theirs.ids)]), model)
            self.assertFalse(
                Model.search([("company_id", "=", foreign_company.id)]), model
            )
            self.assertFalse(Model.search([]) & theirs, model)
            self.assertEqual(Model.search_count([("id", "in", theirs.ids)]), 0, model)
            self.assertEqual(Model.search_read([("id", "in", theirs.ids)], ["id"]), [])
            shown = Model.web_search_read([], {"id": {}})["records"]
            self.assertFalse({r["id"] for r in shown} & set(theirs.ids), model)
            # grouping: by company and by table, with counts
            companies = [
                c for c, _count in Model._read_group([], ["company_id"], ["__count"])
            ]
            self.assertNotIn(foreign_company, companies, model)
            groups = Model.formatted_read_group([], ["company_id"], ["__count"])
            self.assertNotIn(
                foreign_company.id,
                [g["company_id"] and g["company_id"][0] for g in groups],
                model,
            )
            self.assertEqual(
                sum(g["__count"] for g in groups), Model.search_count([]), model
            )
            if "table_id" in Model._fields:
                web = Model.web_read_group([], ["table_id"], ["__count"])
                grouped = {g["table_id"] and g["table_id"][0] for g in web["groups"]}
                self.assertFalse(grouped & set(foreign["kp.table"].ids), model)
            # name search, also for the other municipality's names
            if model in NAMED_MODELS:
                found = {id_ for id_, _name in Model.name_search("")}
                self.assertFalse(found & set(theirs.ids), model)
                self.assertFalse(Model.name_search(marker), model)
            # the other municipality's records opened directly
            for record in theirs:
                with self.assertRaises(AccessError, msg=model):
                    record.with_env(env).read(["display_name"])

    def _assert_no_calendar(self, env, foreign_meetings, marker):
        """The other municipality's meetings are not on the calendar."""
        events = foreign_meetings.event_id
        self.assertEqual(len(events), len(foreign_meetings))
        self.assertTrue(events.partner_ids)
        Event = env["calendar.event"]
        self.assertFalse(Event.search([("id", "in", events.ids)]))
        self.assertFalse(
            Event.search(
                [
                    ("res_model", "=", "kp.meeting"),
                    ("res_id", "in", foreign_meetings.ids),
                ]
            )
        )
        self.assertFalse(Event.search([("name", "ilike", marker)]))
        # the calendar view's own query: a month around the meetings
        now = fields.Datetime.now()
        shown = Event.search_read(
            [
                ("start", "<=", now + timedelta(days=30)),
                ("stop", ">=", now - timedelta(days=30)),
            ],
            ["name", "partner_ids"],
        )
        self.assertFalse({s["id"] for s in shown} & set(events.ids))
        self.assertFalse([s for s in shown if marker in s["name"]])
        for event in events:
            with self.assertRaises(AccessError):
                event.with_env(env).read(["name"])
        Attendee = env["calendar.attendee"]
        if Attendee.has_access("read"):
            self.assertFalse(Attendee.search([("event_id", "in", events.ids)]))

    def _attached(self, Model, foreign, model_field):
        """Per model of MODELS, the messages or attachments (`Model`, as its
        environment sees them) of the other municipality's records of it;
        `model_field` names the model they are attached to."""
        return {
            model: Model.search(
                [(model_field, "=", model), ("res_id", "in", foreign[model].ids)]
            )
            for model in MODELS
        }

    def _all_attached(self, model_name, foreign, model_field):
        """Everything attached to the other municipality's records, as the
        superuser finds it."""
        found = self.env[model_name]
        for records in self._attached(found, foreign, model_field).values():
            found |= records
        return found

    def _assert_no_chatter_or_files(self, env, foreign, marker, invited=False):
        messages = self._all_attached("mail.message", foreign, "model")
        self.assertTrue(messages.filtered(lambda m: marker in str(m.body)))
        Message = env["mail.message"]
        self.assertFalse(Message.search([("id", "in", messages.ids)]))
        found = Message.search([("body", "ilike", marker)])
        if invited:
            # the invitations to the other municipality's meetings addressed to
            # them personally, nothing of the tables' own chatter
            found = found.sudo().filtered(
                lambda m: (
                    not (
                        m.model == "calendar.event"
                        and m.message_type == "user_notification"
                        and m.partner_ids == env.user.partner_id
                    )
                )
            )
        self.assertFalse(found)
        for model, seen in self._attached(Message, foreign, "model").items():
            self.assertFalse(seen, model)
        for message in messages:
            with self.assertRaises(AccessError):
                message.with_env(env).read(["body"])
        attachments = self._all_attached("ir.attachment", foreign, "res_model")
        self.assertEqual(len(attachments.filtered(lambda a: marker in a.name)), 4)
        Attachment = env["ir.attachment"]
        if not Attachment.has_access("read"):
            return
        self.assertFalse(Attachment.search([("id", "in", attachments.ids)]))
        self.assertFalse(Attachment.search([("name", "ilike", marker)]))
        for model, seen in self._attached(Attachment, foreign, "res_model").items():
            self.assertFalse(seen, model)
        for attachment in attachments:
            with self.assertRaises(AccessError):
                attachment.with_env(env).read(["name", "datas"])
        Activity = env["mail.activity"]
        if Activity.has_access("read"):
            activities = self.env["mail.activity"].search(
                [("res_model", "=", "kp.commitment"), ("summary", "ilike", marker)]
            )
            self.assertTrue(activities)
            self.assertFalse(Activity.search([("id", "in", activities.ids)]))

    def _assert_no_reports(self, env, foreign):
        Report = env["ir.actions.report"]
        meeting = foreign["kp.meeting"].filtered(lambda m: m.minutes_ids)
        self.assertTrue(meeting)
        for render in (Report._render_qweb_html, Report._render_qweb_pdf):
            with self.assertRaises(AccessError):
                render(REPORT, meeting.ids)
            with self.assertRaises(AccessError):
                render(REPORT_VERSION, foreign["kp.minutes"].ids)

    def _assert_sees_nothing_of_b(self, user, companies=None, calendar=True):
        env = self._env(user, companies)
        foreign = self._foreign(self.records_b)
        self._assert_isolated(env, self.records_a, foreign, self.company_b, MARKER_B)
        if calendar:
            self._assert_no_calendar(env, self.meeting_b | self.planned_b, MARKER_B)
        self._assert_no_chatter_or_files(env, foreign, MARKER_B, invited=not calendar)
        self._assert_no_reports(env, foreign)

    # --- B's records are there, and B's people reach them ----------------

    def test_b_reaches_its_own_and_nothing_of_a(self):
        env = self._env(self.user_other)
        for model in MODELS:
            self.assertEqual(
                env[model].with_context(active_test=False).search([]),
                self.records_b[model],
                model,
            )
        self.assertEqual(self.table_b.company_id, self.company_b)
        self.assertTrue(
            env["mail.message"].search([("body", "ilike", MARKER_B)]),
        )
        self.assertEqual(
            len(env["ir.attachment"].search([("name", "ilike", MARKER_B)])), 4
        )
        html, _type = env["ir.actions.report"]._render_qweb_html(
            REPORT, self.meeting_b.ids
        )
        self.assertIn(f"{MARKER_B} sovittu asia", html.decode())
        # B's participant has B's meetings on their calendar
        events = self._env(self.user_b)["calendar.event"].search(
            [("res_model", "=", "kp.meeting")]
        )
        self.assertEqual(events, (self.meeting_b | self.planned_b).event_id)
        # and B reaches nothing of A
        self._assert_isolated(
            env, self.records_b, self._foreign(self.records_a), self.company_a, MARKER_A
        )
        self._assert_no_chatter_or_files(env, self.records_a, MARKER_A)
        self._assert_no_reports(env, self.records_a)

    # --- A's roles reach nothing of B ----------------------------------

    def test_participant(self):
        self._assert_sees_nothing_of_b(self.user_participant)
        # their own meetings are on their calendar
        events = self._env(self.user_participant)["calendar.event"].search(
            [("res_model", "=", "kp.meeting")]
        )
        self.assertEqual(events, (self.meeting_a | self.planned_a).event_id)

    def test_coordinator(self):
        self._assert_sees_nothing_of_b(self.user_coordinator)

    def test_manager(self):
        self._assert_sees_nothing_of_b(self.user_manager)
        # the manager sees every record of A
        env = self._env(self.user_manager)
        for model in MODELS:
            self.assertEqual(
                env[model].with_context(active_test=False).search([]),
                self.records_a[model],
                model,
            )

    def test_portal_participant(self):
        self._assert_sees_nothing_of_b(self.user_portal)

    def test_sitting_at_both_tables_shows_only_the_own_municipality(self):
        """A person of A also seated at B's table: the seat does not open B's
        records to their A user; only the invitations to B's meetings reach
        them, as they reach them by e-mail."""
        self.assertIn(self.user_shared, self.records_b["kp.participant"].user_id)
        self._assert_sees_nothing_of_b(self.user_shared, calendar=False)
        # invited, they have B's meetings on their calendar, but the events do
        # not lead to B's meetings
        meetings_b = self.meeting_b | self.planned_b
        events = self._env(self.user_shared)["calendar.event"].search(
            [("res_model", "=", "kp.meeting"), ("res_id", "in", meetings_b.ids)]
        )
        self.assertEqual(events, meetings_b.event_id)
        self.assertFalse(events.kp_meeting_id)

    def test_user_of_both_municipalities_working_in_a(self):
        a_only = self.company_a
        self._assert_sees_nothing_of_b(self.user_both, a_only)
        # B's records are hidden by the active company only: with B active too
        # the same user sees them, and with only B active none of A's
        env = self._env(self.user_both, self.company_a | self.company_b)
        self.assertEqual(
            env["kp.table"].search([("id", "in", (self.table_a | self.table_b).ids)]),
            self.table_a | self.table_b,
        )
        env = self._env(self.user_both, self.company_b)
        self.assertEqual(
            env["kp.table"].search([("id", "in", (self.table_a | self.table_b).ids)]),
            self.table_b,
        )

    # --- records are created in the right company ---------------------

    def test_created_in_the_current_company(self):
        env = self._env(self.user_both, self.company_b | self.company_a)
        self.assertEqual(env.company, self.company_b)
        table = env["kp.table"].create({"name": "Uusi pöytä", "state": "active"})
        self.assertEqual(table.company_id, self.company_b)
        project = env["kp.project"].create({"name": "Uusi hanke"})
        self.assertEqual(project.company_id, self.company_b)
        table.project_id = project
        seat = env["kp.participant"].create(
            {
                "table_id": table.id,
                "partner_id": self.person_b_chair.id,
                "role_ids": [Command.set(self.role_chair.ids)],
            }
        )
        theme = env["kp.theme"].create({"table_id": table.id, "name": "Teema"})
        meeting = env["kp.meeting"].create(
            {
                "table_id": table.id,
                "start": fields.Datetime.now() + timedelta(days=3),
                "chair_id": seat.id,
            }
        )
        item = env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Uusi asia"}
        )
        commitment = env["kp.commitment"].create(
            {
                "table_id": table.id,
                "name": "Uusi toimenpide",
                "organisation_id": self.org_b.id,
            }
        )
        for record in (seat, theme, meeting, item, commitment):
            self.assertEqual(record.company_id, self.company_b, record._name)
        # the same user with A active creates in A
        env = self._env(self.user_both, self.company_a | self.company_b)
        table = env["kp.table"].create({"name": "Toinen uusi pöytä"})
        self.assertEqual(table.company_id, self.company_a)

    def test_no_creating_in_a_company_not_active(self):
        for user, companies in (
            (self.user_manager, None),
            (self.user_coordinator, None),
            (self.user_both, self.company_a),
        ):
            env = self._env(user, companies)
            with self.assertRaises(AccessError, msg=user.login):
                env["kp.table"].create(
                    {"name": "Väärän kunnan pöytä", "company_id": self.company_b.id}
                )
            with self.assertRaises(AccessError, msg=user.login):
                env["kp.meeting"].create(
                    {
                        "table_id": self.table_b.id,
                        "start": fields.Datetime.now() + timedelta(days=3),
                    }
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.table_b.with_env(env).write({"name": "Kaapattu"})
        self.assertEqual(self.table_b.name, f"{MARKER_B} pöytä")

    # --- cross-company links are refused --------------------------------

    def test_cross_company_links_refused(self):
        env = self.env
        future = fields.Datetime.now() + timedelta(days=10)
        agreement_b = self.records_b["kp.agreement"]
        commitment_b = env["kp.commitment"].create(
            {
                "table_id": self.table_b.id,
                "name": f"{MARKER_B} oma toimenpide",
                "organisation_id": self.org_b.id,
            }
        )
        # A's own contacts, and tables of A that have them
        org_a = env["res.partner"].create(
            {
                "name": f"{MARKER_A} yritys",
                "is_company": True,
                "company_id": self.company_a.id,
            }
        )
        person_a = env["res.partner"].create(
            {
                "name": f"{MARKER_A} Aino",
                "parent_id": org_a.id,
                "company_id": self.company_a.id,
            }
        )
        table_seated = self._table("Aluepöytä")
        self._seat(table_seated, person_a)
        table_committed = self._table("Teemapöytä")
        env["kp.commitment"].create(
            {"table_id": table_committed.id, "name": "Oma", "organisation_id": org_a.id}
        )
        # a table whose contacts are shared by the municipalities may move,
        # and its seats go with it
        table_shared = self._table("Yhteinen pöytä")
        seat_shared = self._seat(table_shared, self.person_resident)
        table_shared.company_id = self.company_b
        self.assertEqual(seat_shared.company_id, self.company_b)

        def create(model, **vals):
            return lambda: env[model].create(vals)

        def at_table_a(model, **vals):
            """A record of A's table, linked to B's by `vals`."""
            return create(model, table_id=self.table_a.id, name="Ristiin", **vals)

        def moved_to_b(table):
            return lambda: table.write({"company_id": self.company_b.id})

        cases = {
            "commitment of A's table on B's agreement": at_table_a(
                "kp.commitment",
                agreement_id=agreement_b.id,
                organisation_id=self.org_assoc.id,
            ),
            "meeting of A's table chaired by B's participant": create(
                "kp.meeting",
                table_id=self.table_a.id,
                start=future,
                chair_id=self.seat_b_chair.id,
            ),
            "A's meeting given B's secretary": lambda: self.planned_a.write(
                {"secretary_id": self.seat_b_secretary.id}
            ),
            "table with B's project": create(
                "kp.table", name="Ristiinpöytä", project_id=self.project_b.id
            ),
            "A's table given B's project": lambda: self.table_a.write(
                {"project_id": self.project_b.id}
            ),
            "agenda item of A's table on B's meeting": at_table_a(
                "kp.agenda.item",
                meeting_id=self.planned_b.id,
            ),
            "agenda item of A's table proposed by B's participant": at_table_a(
                "kp.agenda.item",
                proposer_id=self.seat_b_chair.id,
            ),
            "agreement of A's meeting on B's agenda item": create(
                "kp.agreement",
                meeting_id=self.meeting_a.id,
                agenda_item_id=agreement_b.agenda_item_id.id,
                name="Ristiin",
            ),
            "attendance of A's meeting for B's participant": create(
                "kp.attendance",
                meeting_id=self.meeting_a.id,
                participant_id=self.seat_b_chair.id,
            ),
            "B's contact seated at A's table": lambda: self._seat(
                self.table_a, self.person_b_secretary
            ),
            "B's seat moved to A's table": lambda: self.seat_b_chair.write(
                {"table_id": self.table_a.id}
            ),
            "commitment of A's table owned by B's organisation": at_table_a(
                "kp.commitment",
                organisation_id=self.org_b.id,
            ),
            "commitment of A's table with B's responsible person": at_table_a(
                "kp.commitment",
                organisation_id=self.org_assoc.id,
                responsible_partner_id=self.person_b_chair.id,
            ),
            "B's commitment moved to A's table": lambda: commitment_b.write(
                {"table_id": self.table_a.id}
            ),
            "A's table with A's contacts moved to B": moved_to_b(table_seated),
            "A's table with A's commitments moved to B": moved_to_b(table_committed),
            "A's table with A's project moved to B": moved_to_b(self.table_a),
        }
        linked = []
        for case, link in cases.items():
            try:
                with self.env.cr.savepoint():
                    link()
                    self.env.flush_all()
                    raise _Linked
            except _Linked:
                linked.append(case)
            except UserError as error:  # ValidationError too
                # refused by the model, saying why, not by the access rules
                self.assertNotIsInstance(error, AccessError, case)
                self.assertRegex(str(error), REFUSALS, case)
        self.assertEqual(linked, [], "cross-company links that were accepted")
        self.assertEqual(self.table_a.project_id, self.project_a)
        self.assertEqual(self.seat_b_chair.table_id, self.table_b)
        self.assertEqual(commitment_b.table_id, self.table_b)
        self.assertEqual(table_seated.company_id, self.company_a)

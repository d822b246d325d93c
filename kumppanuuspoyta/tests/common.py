from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import config

# (role, group, name) of the users of each role
ROLE_USERS = (
    ("participant", "kumppanuuspoyta.group_kp_user", "Paula Participant"),
    ("coordinator", "kumppanuuspoyta.group_kp_coordinator", "Kalle Coordinator"),
    ("manager", "kumppanuuspoyta.group_kp_manager", "Maija Manager"),
    ("portal", "base.group_portal", "Pia Portal"),
)


def load_language(env, code, modules=("kumppanuuspoyta",)):
    """The language `code` active with the translations of ``modules``
    loaded, in that order (the addon's last, as its i18n_extra completes
    Odoo's own): what installing the language does for them."""
    lang = env["res.lang"]._activate_lang(code)
    env["ir.module.module"]._load_module_terms(list(modules), [code], overwrite=True)
    return lang


class KpFixtures:
    """Sectors, roles, two organisations of different sectors and their people."""

    @classmethod
    def _load_finnish(cls):
        """Finnish active with the addon's translations loaded, as the tests
        that assert Finnish need it: a database created without
        ``--load-language fi_FI`` (Odoo's own runner on a fresh database) has
        the language inactive and none of the addon's data translated (mail
        templates, views, model names). Python strings are translated from
        the .po files once the language is active."""
        return load_language(cls.env, "fi_FI")

    @classmethod
    def _load_swedish(cls):
        """Swedish (sv.po) active and loaded, as _load_finnish does Finnish:
        the language of a bilingual municipality's Swedish speakers."""
        return load_language(cls.env, "sv_SE")

    @classmethod
    def _organisation(cls, name, sector_xmlid):
        """An organisation: a company contact with its sector."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "kp_sector_id": cls.env.ref(f"kumppanuuspoyta.{sector_xmlid}").id,
            }
        )

    @classmethod
    def _person(cls, name, organisation, email, **vals):
        """A person of an organisation: a contact, not a user."""
        return cls.env["res.partner"].create(
            {"name": name, "parent_id": organisation.id, "email": email, **vals}
        )

    @classmethod
    def _table(cls, name="Testipöytä", **vals):
        return cls.env["kp.table"].create({"name": name, **vals})

    @staticmethod
    def _today(table):
        """Today as the product has it for ``table``: the date now in the
        table's time zone (never the server's or a user's), so a test
        passes at any hour."""
        return table._today()

    @classmethod
    def _seat(cls, table, partner, roles=(), **vals):
        return cls.env["kp.participant"].create(
            {
                "table_id": table.id,
                "partner_id": partner.id,
                "role_ids": [Command.set([r.id for r in roles])],
                **vals,
            }
        )

    @classmethod
    def _contributions(cls, table, rows, env=None):
        """What organisations bring to ``table``, recorded in ``env`` (by
        default the test's): each row is (organisation, kind, values), the
        kind the key of ``kp_contribution_kind_<key>`` (volunteer_hours,
        money, premises, ...) and the values its quantity or amount."""
        env = env or cls.env
        return env["kp.contribution"].create(
            [
                {
                    "table_id": table.id,
                    "organisation_id": organisation.id,
                    "kind_id": env.ref(
                        f"kumppanuuspoyta.kp_contribution_kind_{kind}"
                    ).id,
                    **values,
                }
                for organisation, kind, values in rows
            ]
        )

    @classmethod
    def _turn_with_contribution(cls, table, organisation, start, **vals):
        """Keuruu's *Kahvia ja kohtaamisia* at ``table``: an occurrence on
        ``organisation``'s turn and the 3 volunteer hours it brought."""
        env = cls.env
        activity = env["kp.joint.activity"].create(
            {"name": "Kahvia ja kohtaamisia", "table_id": table.id, **vals}
        )
        occurrence = env["kp.activity.occurrence"].create(
            {
                "activity_id": activity.id,
                "start": start,
                "organisation_id": organisation.id,
            }
        )
        env["kp.contribution"].create(
            {
                "occurrence_id": occurrence.id,
                "organisation_id": organisation.id,
                "kind_id": env.ref(
                    "kumppanuuspoyta.kp_contribution_kind_volunteer_hours"
                ).id,
                "quantity": 3,
            }
        )
        return occurrence

    @classmethod
    def _village_matter(cls, table, user=None, **vals):
        """A village's matter proposed at ``table`` (the regional intake), by
        ``user`` when given, with ``vals`` besides."""
        Item = cls.env["kp.agenda.item"]
        return (Item.with_user(user) if user else Item).create(
            {
                "table_id": table.id,
                "name": "Kylätien valaistus",
                "source": "village",
                "source_name": "Jäppilä",
                **vals,
            }
        )

    @classmethod
    def _coordinator_and_official(cls, prefix, coordinator, official, organisation):
        """The people of a tour: a coordinator (a user in Helsinki's time)
        and an official of ``organisation`` who is a user reading mail as
        e-mail; ``coordinator`` and ``official`` are (name, e-mail)."""
        cls.user_coordinator, cls.user_official = (
            new_test_user(
                cls.env,
                f"{prefix}_{key}",
                groups=f"kumppanuuspoyta.{group}",
                name=name,
                email=email,
                **vals,
            )
            for key, group, (name, email), vals in (
                (
                    "coordinator",
                    "group_kp_coordinator",
                    coordinator,
                    {"tz": "Europe/Helsinki"},
                ),
                ("official", "group_kp_user", official, {"notification_type": "email"}),
            )
        )
        cls.person_official = cls.user_official.partner_id
        cls.person_official.parent_id = organisation

    @classmethod
    def _tour_table(cls, name, coordinator_role, **vals):
        """A regional table meeting monthly for 1.5 hours, convened by the
        tour's coordinator (who also holds ``coordinator_role``: chair or
        secretary), with the official as a member: ``cls.table``,
        ``cls.seat_coordinator`` and ``cls.seat_official``."""
        env = cls.env
        cls.table = env["kp.table"].create(
            {
                "name": name,
                "kind": "regional",
                "state": "active",
                "cadence": "monthly",
                "default_duration": 1.5,
                **vals,
            }
        )
        cls.seat_coordinator = cls._seat(
            cls.table,
            cls.user_coordinator.partner_id,
            roles=[
                env.ref("kumppanuuspoyta.kp_role_convener"),
                env.ref(f"kumppanuuspoyta.kp_role_{coordinator_role}"),
            ],
        )
        member = env.ref("kumppanuuspoyta.kp_role_member")
        cls.seat_official = cls._seat(cls.table, cls.person_official, roles=[member])
        return cls.table

    @classmethod
    def _role_users(cls, prefix, roles=None, **vals):
        """A new user of each role (default: all of ROLE_USERS), by role;
        their logins are prefix_role."""
        return {
            role: new_test_user(
                cls.env, f"{prefix}_{role}", groups=group, name=name, **vals
            )
            for role, group, name in ROLE_USERS
            if roles is None or role in roles
        }

    @classmethod
    def _setup_other_company(cls):
        """Another municipality in the same database: a table and its manager."""
        cls.other_company = cls.env["res.company"].create({"name": "Toinen kunta"})
        cls.table_other = cls.env["kp.table"].create(
            {"name": "Toisen kunnan pöytä", "company_id": cls.other_company.id}
        )
        cls.user_other = new_test_user(
            cls.env,
            "kp_other_manager",
            groups="kumppanuuspoyta.group_kp_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
            name="Olli Other",
        )

    @classmethod
    def _setup_municipalities(cls):
        """The fixtures, another municipality and the secretary's role."""
        cls._setup_kp_fixtures()
        cls._setup_other_company()
        cls.role_secretary = cls.env.ref("kumppanuuspoyta.kp_role_secretary")

    @classmethod
    def _setup_kp_fixtures(cls):
        env = cls.env
        cls._load_finnish()
        cls.company = env.company
        cls.sector_municipality = env.ref("kumppanuuspoyta.kp_sector_municipality")
        cls.sector_association = env.ref("kumppanuuspoyta.kp_sector_association")
        cls.sector_parish = env.ref("kumppanuuspoyta.kp_sector_parish")
        cls.role_convener = env.ref("kumppanuuspoyta.kp_role_convener")
        cls.role_chair = env.ref("kumppanuuspoyta.kp_role_chair")
        cls.role_member = env.ref("kumppanuuspoyta.kp_role_member")
        cls.role_ombudsman = env.ref("kumppanuuspoyta.kp_role_village_ombudsman")
        Partner = env["res.partner"]
        cls.org_city = cls._organisation("Testikaupunki", "kp_sector_municipality")
        cls.org_assoc = cls._organisation(
            "Testikylien yhdistys ry", "kp_sector_association"
        )
        cls.person_official = cls._person(
            "Virpi Viranhaltija", cls.org_city, "virpi@example.com"
        )
        cls.person_volunteer = cls._person(
            "Ville Vapaaehtoinen", cls.org_assoc, "ville@example.com"
        )
        cls.person_resident = Partner.create({"name": "Riitta Asukas"})


class KpCommon(KpFixtures, TransactionCase):
    """The fixtures, and a user for each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        env = cls.env
        users = cls._role_users("kp", ("participant", "coordinator", "manager"))
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.user_internal = new_test_user(
            env, "kp_nobody", groups="base.group_user", name="Nina Nobody"
        )


class KpHttpCase(KpFixtures, HttpCase):
    """The fixtures, for a test in the browser (a tour) or over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()


class KpMeetingCommon(KpCommon):
    """An active table with two contacts who are not users, one user and a
    resident without e-mail, and helpers to find the mails they were sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_secretary = cls.env.ref("kumppanuuspoyta.kp_role_secretary")
        cls.table = cls._table(
            "Kahvia ja kohtaamisia", cadence="monthly", state="active"
        )
        cls.seat_official = cls._seat(cls.table, cls.person_official, [cls.role_chair])
        cls.seat_volunteer = cls._seat(
            cls.table, cls.person_volunteer, [cls.role_secretary]
        )
        cls.seat_user = cls._seat(
            cls.table, cls.user_participant.partner_id, [cls.role_member]
        )
        cls.emailed = (
            cls.person_official | cls.person_volunteer | cls.user_participant.partner_id
        )
        # the database speaks Finnish; these tests read calendar's English mails
        cls.env["res.lang"]._activate_lang("en_US")
        cls.emailed.lang = "en_US"

    @classmethod
    def _opening_item(cls):
        """The table's standing item "Kokouksen avaus", first on the agenda
        of every meeting planned from now on."""
        return cls.env["kp.standing.item"].create(
            {"table_id": cls.table.id, "name": "Kokouksen avaus", "sequence": 1}
        )

    @classmethod
    def _start(cls, days=7, hour=7):
        """A whole hour (UTC) some days ahead, so it is in the future."""
        day = fields.Datetime.now().date() + timedelta(days=days)
        return datetime(day.year, day.month, day.day, hour, 0)

    @classmethod
    def _meeting(cls, table=None, **vals):
        table = table or cls.table
        return cls.env["kp.meeting"].create(
            {"table_id": table.id, "start": cls._start(), **vals}
        )

    def _mails(self, partner, subject=None):
        domain = [("recipient_ids", "in", partner.ids)]
        if subject:
            domain.append(("subject", "ilike", subject))
        return self.env["mail.mail"].search(domain)

    def _invitations(self, partner):
        return self._mails(partner).filtered(
            lambda m: "invitation.ics" in m.attachment_ids.mapped("name")
        )

    def _outgoing_text(self, mail):
        """Every part of ``mail`` as it leaves the server, as text: To, Cc,
        From, Reply-To, the headers, the subject, the body and each
        attachment (a calendar file in the clear)."""
        parts = []
        for outgoing in mail._prepare_outgoing_list():
            parts += [
                *outgoing["email_to"],
                *outgoing["email_cc"],
                outgoing["email_from"] or "",
                outgoing["reply_to"] or "",
                repr(outgoing["headers"]),
                outgoing["subject"] or "",
                outgoing["body"] or "",
                outgoing["body_alternative"] or "",
                *(
                    content.decode()
                    for _name, content, _type in outgoing["attachments"]
                ),
            ]
        # a calendar file folds its long lines
        return "\n".join(parts).replace("\r\n ", "").lower()

    def _assert_no_other_address(self, mail, recipient, partners):
        """No address of ``partners`` but the ``recipient``'s own in any part
        of ``mail`` (To, Cc, headers, body, calendar file)."""
        text = self._outgoing_text(mail)
        own = recipient.email.lower()
        self.assertIn(own, text)
        for address in set(partners.filtered("email").mapped("email")):
            if address.lower() != own:
                self.assertNotIn(address.lower(), text, recipient.name)


class KpMinutesCommon(KpMeetingCommon):
    """A table whose secretary is the coordinator user, a convener who is a
    coordinator but neither chair nor secretary, the commitment stages and
    helpers to hold meetings and record what was agreed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.stage_todo = env.ref("kumppanuuspoyta.kp_commitment_stage_todo")
        cls.stage_progress = env.ref("kumppanuuspoyta.kp_commitment_stage_progress")
        cls.stage_done = env.ref("kumppanuuspoyta.kp_commitment_stage_done")
        cls.stage_cancelled = env.ref("kumppanuuspoyta.kp_commitment_stage_cancelled")
        cls.seat_coordinator = cls._seat(
            cls.table, cls.user_coordinator.partner_id, [cls.role_secretary]
        )
        cls.user_convener = new_test_user(
            env,
            "kp_convener",
            groups="kumppanuuspoyta.group_kp_coordinator",
            name="Kerttu Convener",
        )
        cls.seat_convener = cls._seat(
            cls.table, cls.user_convener.partner_id, [cls.role_convener]
        )

    @classmethod
    def _past(cls, hours=3):
        """A whole hour (UTC) in the past, so the meeting can be held."""
        past = fields.Datetime.now() - timedelta(hours=hours)
        return past.replace(minute=0, second=0, microsecond=0)

    @classmethod
    def _held_meeting(cls, hours=3, items=(), **vals):
        meeting = cls._meeting(
            start=cls._past(hours),
            chair_id=cls.seat_official.id,
            secretary_id=cls.seat_coordinator.id,
            location="Ystäväntupa",
            **vals,
        )
        for sequence, name in enumerate(items, start=10):
            cls.env["kp.agenda.item"].create(
                {"meeting_id": meeting.id, "name": name, "sequence": sequence}
            )
        meeting.action_held()
        return meeting

    @classmethod
    def _agree(cls, meeting, text, item=None, commitments=()):
        agreement = cls.env["kp.agreement"].create(
            {
                "meeting_id": meeting.id,
                "agenda_item_id": item and item.id,
                "name": text,
            }
        )
        cls.env["kp.commitment"].create(
            [{"agreement_id": agreement.id, **vals} for vals in commitments]
        )
        return agreement

    @classmethod
    def _association_commitment(cls, name, person, days=20):
        """A commitment of the association with ``person`` responsible, due
        in ``days`` of the table's days (values for ``_agree``)."""
        return {
            "name": name,
            "organisation_id": cls.org_assoc.id,
            "responsible_partner_id": person.id,
            "deadline": cls._today(cls.table) + timedelta(days=days),
        }

    @classmethod
    def _lighting_agreement(cls, hours=3, theme=None, proposer=None, commitments=True):
        """A held meeting on the village road's lighting whose agreement
        sends it to the city board, its minutes approved by the coordinator
        (the matter the hand-off tests hand off): (meeting, agreement)."""
        meeting = cls._held_meeting(hours=hours, items=["Kylätien valaistus"])
        item = meeting.agenda_item_ids
        item.write(
            {"theme_id": theme and theme.id, "proposer_id": proposer and proposer.id}
        )
        agreement = cls._agree(
            meeting,
            "Valaistus viedään kaupunginhallituksen päätettäväksi.",
            item,
            [
                {
                    "name": "Valmistele esitys",
                    "organisation_id": cls.org_city.id,
                    "responsible_partner_id": cls.person_official.id,
                }
            ]
            if commitments
            else (),
        )
        meeting.action_draft_minutes()
        meeting.with_user(cls.user_coordinator).action_approve_minutes()
        return meeting, agreement

    @classmethod
    def _approved_meeting(cls):
        meeting = cls._held_meeting(items=["Kevään vastuujärjestöt"])
        cls._agree(
            meeting,
            "Sydänyhdistys vastaa huhtikuun kerrasta.",
            meeting.agenda_item_ids,
            [cls._association_commitment("Varaa Ystäväntupa", cls.person_volunteer)],
        )
        meeting.action_draft_minutes()
        meeting.with_user(cls.user_coordinator).action_approve_minutes()
        return meeting

    def _serve_report_assets(self):
        """wkhtmltopdf loads the report's assets from this test server, not
        from the installation's web.base.url."""
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    def _report_html(self, meeting):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "kumppanuuspoyta.kp_report_minutes", meeting.ids
        )
        return html.decode()


class KpPortalFixtures(KpFixtures):
    """A portal user of the association seated at table A, not at table B."""

    @classmethod
    def _setup_kp_portal_fixtures(cls):
        cls._setup_kp_fixtures()
        env = cls.env
        # the test database speaks only Finnish; an English-speaking
        # participant needs English active to get English pages
        env["res.lang"]._activate_lang("en_US")
        cls.user_portal = new_test_user(
            env,
            "kp_portal",
            groups="base.group_portal",
            name="Pia Portal",
            lang="en_US",
        )
        cls.portal_partner = cls.user_portal.partner_id
        cls.portal_partner.parent_id = cls.org_assoc
        cls.table_a = cls._table("Pöytä Alfa")
        cls.table_b = cls._table("Pöytä Beta")
        cls.portal_seat = cls._seat(cls.table_a, cls.portal_partner)
        cls._seat(cls.table_a, cls.person_official)
        cls._seat(cls.table_b, cls.person_volunteer)
        cls.stages = env["kp.commitment.stage"].search([])
        cls.commitment_mine = env["kp.commitment"].create(
            {
                "table_id": cls.table_a.id,
                "name": "Kerää yhdistysten uutiset",
                "organisation_id": cls.org_assoc.id,
            }
        )
        cls.commitment_other = env["kp.commitment"].create(
            {
                "table_id": cls.table_a.id,
                "name": "Varaa kaupungintalon sali",
                "organisation_id": cls.org_city.id,
                "responsible_partner_id": cls.person_official.id,
            }
        )
        cls.commitment_b = env["kp.commitment"].create(
            {
                "table_id": cls.table_b.id,
                "name": "Beta-pöydän salainen lupaus",
                "organisation_id": cls.org_assoc.id,
            }
        )

    def _login_portal(self, lang="en_US"):
        """Sign in as the portal participant; the portal's language follows
        the frontend_lang cookie before the user's own language."""
        self.authenticate("kp_portal", "kp_portal")
        self.opener.cookies.set("frontend_lang", lang)

    @classmethod
    def _meeting_in(cls, table, days, **vals):
        """A meeting `days` from now at 07:00 UTC (09:00/10:00 in Helsinki)."""
        day = fields.Datetime.now().date() + timedelta(days=days)
        return cls.env["kp.meeting"].create(
            {
                "table_id": table.id,
                "start": fields.Datetime.to_datetime(f"{day} 07:00:00"),
                **vals,
            }
        )

    @classmethod
    def _approved_minutes(cls, table, text):
        """Approved minutes of a past meeting (the approval flow is tested in
        test_minutes; here only what the portal shows of its result)."""
        meeting = cls._meeting_in(table, -7, name="Kevään tapaaminen")
        return cls.env["kp.minutes"].create(
            {
                "meeting_id": meeting.id,
                "version": 1,
                "body": f"<p>{text}</p>",
                "approved_by_id": cls.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )


class KpPageAsserts:
    """What a test of pages over HTTP asserts: a page's queries, and an
    address that is not found."""

    def _page_queries(self, url):
        """The queries the page ``url`` takes once warmed (assets, views,
        translations); it answers 200."""
        self.url_open(url)
        before = self.cr.sql_log_count
        response = self.url_open(url)
        queries = self.cr.sql_log_count - before
        self.assertEqual(response.status_code, 200, url)
        return queries, response

    def assertNotFound(self, *urls):
        """Each address answers 404, without redirecting (to a login page)."""
        for url in urls:
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 404, url)


class KpPortalCase(KpPageAsserts, KpPortalFixtures, HttpCase):
    """The portal fixtures over HTTP; signed in as the portal participant
    before each test when `sign_in` is set."""

    sign_in = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_portal_fixtures()

    def setUp(self):
        super().setUp()
        if self.sign_in:
            self._login_portal()

"""Every view of the addon, opened as every role the way the web client does.

Tests that call the ORM miss what the web client asks for: a form reads its
x2many lines through a specification built from the arch, a kanban is read
grouped, the chatter loads its thread. This test signs in as each role and
makes those calls over JSON-RPC for every view of the module found in the
database (a new view is covered without a new test), on records the role
may read, and fails on any error.
"""

import ast
import json

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import datetime, safe_eval, time

from .common import KpMinutesCommon
from .webclient import addon_views, call_kw, rpc, specification

KP = "kumppanuuspoyta"
VIEW_TYPES = (
    "form",
    "list",
    "kanban",
    "calendar",
    "pivot",
    "graph",
    "activity",
    "search",
)
# views the iteration must find, so it cannot silently cover nothing
KNOWN_VIEWS = {
    f"{KP}.kp_meeting_view_form",
    f"{KP}.kp_meeting_view_calendar",
    f"{KP}.kp_meeting_view_kanban",
    f"{KP}.kp_table_view_form",
    f"{KP}.kp_commitment_view_kanban",
    f"{KP}.kp_commitment_view_activity",
    f"{KP}.kp_commitment_view_pivot",
    f"{KP}.kp_attendance_view_graph",
    f"{KP}.kp_minutes_view_form",
    f"{KP}.kp_meeting_view_search",
    "base.view_partner_form",
}
CHATTER_REQUESTS = (
    "activities",
    "attachments",
    "contact_fields",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
)
RECORDS_PER_VIEW = 3


@tagged("post_install", "-at_install")
class TestViewsAsRoles(KpMinutesCommon, HttpCase):
    """Each role opens each view of the addon on records it may see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # a manager who sits at the table, beside the one who does not
        cls.user_manager_invited = new_test_user(
            env,
            "kp_views_manager",
            groups=f"{KP}.group_kp_manager",
            name="Mikko Manager",
        )
        cls._seat(cls.table, cls.user_manager_invited.partner_id, [cls.role_member])
        cls.user_portal = new_test_user(
            env, "kp_views_portal", groups="base.group_portal", name="Pia Portal"
        )
        cls.user_portal.partner_id.parent_id = cls.org_assoc
        cls._seat(cls.table, cls.user_portal.partner_id, [cls.role_member])
        # a meeting with minutes, agreements, commitments and attendance, and
        # a planned one with its agenda: created after the seats, so everyone
        # seated is invited; the manager who does not sit at the table is not
        cls.meeting_approved = cls._approved_meeting()
        cls.meeting_planned = cls._meeting(location="Kirjasto")
        env["kp.agenda.item"].create(
            {"meeting_id": cls.meeting_planned.id, "name": "Kevään vuorot"}
        )
        env["kp.agenda.item"].create(
            {"table_id": cls.table.id, "name": "Ehdotus: kirjaston aukiolo"}
        )
        cls.meeting_approved.message_post(body="Muistio liitteenä.")
        env["kp.decision.handoff"].create(
            {
                "agreement_id": cls.meeting_approved.agreement_ids[:1].id,
                "addressee": "Kaupunginhallitus",
            }
        )
        # a public memo of the approved minutes
        env["kp.publication"].create(
            {"minutes_id": cls.meeting_approved.minutes_ids.id}
        ).action_publish()
        # every model has a record of its own, also without demo data
        env["kp.theme"].create(
            {"name": "Ikäihmisten hyvinvointi", "table_id": cls.table.id}
        )
        cls.table.project_id = env["kp.project"].create({"name": "Kehitytään kimpassa"})
        # a village's matter, for the regional intake analysis (an SQL view
        # over what is stored: flushed below)
        cls._village_matter(cls.table)
        cls._turn_with_contribution(
            cls.table,
            cls.org_assoc,
            cls._start(),
            roster_ids=[Command.create({"organisation_id": cls.org_assoc.id})],
        )
        cls.roles = {
            "participant": cls.user_participant,
            "coordinator": cls.user_coordinator,
            "manager": cls.user_manager_invited,
            "manager not invited": cls.user_manager,
            "portal": cls.user_portal,
            "administrator": env.ref("base.user_admin"),
        }
        invited = cls.meeting_approved.event_id.partner_ids
        assert cls.user_manager.partner_id not in invited
        # the analyses are SQL views over what is stored
        env.flush_all()

    # --- the web client's calls (webclient.py) -------------------------

    def _rpc(self, route, params):
        return rpc(self.opener, self.base_url(), route, params)

    def _call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return call_kw(self.opener, self.base_url(), model, method, args, kwargs)

    def _spec(self, node, model, models, extra=()):
        return specification(node, model, models, extra)

    # --- one view --------------------------------------------------------

    def _action_context(self, model, view_type, user):
        """The addon's action for this model and view type, and its context
        (an action opened from a record, with active_id, gets no record)."""
        action = self.env["ir.actions.act_window"].search(
            [("res_model", "=", model), ("view_mode", "ilike", view_type)], limit=1
        )
        context = dict(self.context)
        if action.context:
            context.update(
                safe_eval(
                    action.context,
                    {
                        "uid": user.id,
                        "active_id": False,
                        "active_ids": [],
                        "context": {},
                        "time": time,
                        "datetime": datetime,
                        "allowed_company_ids": user.company_ids.ids,
                    },
                )
            )
        return action, context

    def _open(self, view, user):
        """Make the web client's calls for `view`; return how many records
        were read (0 when the role may not read the model)."""
        model, view_type = view.model, view.type
        Model = self.env[model].with_user(user)
        transient = Model._transient
        if not Model.has_access("create" if transient else "read"):
            return 0
        if user.share:
            return self._open_as_portal(view, Model)
        action, context = self._action_context(model, view_type, user)
        views = [[view.id, view_type]]
        if view_type != "search":
            views.append([False, "search"])
        result = self._call(
            model,
            "get_views",
            views=views,
            options={
                "action_id": action.id or False,
                "load_filters": True,
                "toolbar": view_type != "search",
            },
            context=context,
        )
        models = result["models"]
        arch = etree.fromstring(result["views"][view_type]["arch"])
        self.context_view = context
        if view_type == "search":
            return self._open_search(model, arch, models[model]["fields"])
        if transient:
            spec = self._spec(arch, model, models)
            self._call(model, "onchange", [], {}, [], spec, context=context)
            return 1
        records = Model.search([], limit=RECORDS_PER_VIEW, order="id desc")
        if records:
            opener = {
                "form": self._open_form,
                "pivot": self._open_grouped,
                "graph": self._open_grouped,
            }.get(view_type, self._open_records)
            opener(view_type, arch, model, models, records)
        return len(records)

    def _open_form(self, view_type, arch, model, models, records):
        spec = self._spec(arch, model, models)
        for record in records:
            self._call(model, "web_read", [record.id], spec, context=self.context_view)
            if arch.find(".//chatter") is not None:
                self._open_chatter(model, record.id)

    def _open_records(self, view_type, arch, model, models, records):
        """list, kanban, calendar, activity: the records with the view's
        fields; a kanban grouped by its columns with their progress bars."""
        context, domain = self.context_view, [("id", "in", records.ids)]
        extra = [
            arch.get(a)
            for a in ("date_start", "date_stop", "color", "default_group_by")
            if arch.get(a)
        ]
        spec = self._spec(arch, model, models, extra)
        self._call(model, "web_search_read", domain, spec, limit=80, context=context)
        group_by = view_type == "kanban" and arch.get("default_group_by")
        if group_by:
            self._call(
                model,
                "web_read_group",
                domain,
                [group_by],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=spec,
                context=context,
            )
            progressbar = arch.find("progressbar")
            if progressbar is not None:
                self._call(
                    model,
                    "read_progress_bar",
                    domain,
                    group_by,
                    {
                        "field": progressbar.get("field"),
                        "colors": json.loads(progressbar.get("colors")),
                    },
                    context=context,
                )
        if view_type == "activity":
            self._call(
                "mail.activity",
                "get_activity_data",
                model,
                domain,
                limit=100,
                context=context,
            )

    def _open_grouped(self, view_type, arch, model, models, records):
        """pivot and graph: grouped by their row and column fields."""
        context, domain = self.context_view, [("id", "in", records.ids)]
        fields_info = models[model]["fields"]
        groupby, aggregates = [], ["__count"]
        for node in arch.iter("field"):
            name = node.get("name")
            info = fields_info[name]
            if node.get("type") == "measure":
                aggregates.append(f"{name}:{info.get('aggregator') or 'sum'}")
            elif node.get("invisible") != "1":
                date = info["type"] in ("date", "datetime")
                groupby.append(f"{name}:month" if date else name)
        for fields_ in (groupby[:1], groupby):
            self._call(
                model,
                "formatted_read_group",
                domain,
                fields_,
                aggregates,
                context=context,
            )
        if view_type == "pivot":
            self._call(
                model,
                "formatted_read_grouping_sets",
                domain,
                [[], groupby[:1], groupby],
                aggregates,
                context=context,
            )

    def _open_search(self, model, arch, fields_info):
        """Each "Group By" of the search view, as the list groups by it
        (properties need a property chosen first: not one of them)."""
        for node in arch.iter("filter"):
            group_by = ast.literal_eval(node.get("context") or "{}").get("group_by")
            field = group_by and fields_info.get(group_by.split(":")[0])
            if field and field["type"] != "properties":
                self._call(
                    model,
                    "formatted_read_group",
                    [],
                    [group_by],
                    ["__count"],
                    context=self.context_view,
                )
        return 1

    def _open_as_portal(self, view, Model):
        """The web client is closed to portal users (test_portal_user_stays_
        out_of_the_web_client): of a form, they see only its chatter, on the
        record's portal page."""
        if (
            view.type != "form"
            or etree.fromstring(view.arch).find(".//chatter") is None
        ):
            return 0
        records = Model.search([], limit=RECORDS_PER_VIEW, order="id desc")
        for record in records:
            self._open_chatter(Model._name, record.id, request_list=[])
        return len(records)

    def _open_chatter(self, model, res_id, request_list=None):
        """The chatter of a form: its thread data, then its messages."""
        self._rpc(
            "/mail/data",
            {
                "fetch_params": [
                    [
                        "mail.thread",
                        {
                            "thread_model": model,
                            "thread_id": res_id,
                            "request_list": CHATTER_REQUESTS
                            if request_list is None
                            else request_list,
                        },
                    ]
                ],
                "context": self.context,
            },
        )
        self._rpc(
            "/mail/thread/messages",
            {
                "thread_model": model,
                "thread_id": res_id,
                "fetch_params": {"limit": 30},
            },
        )

    # --- the test --------------------------------------------------------

    def _views(self):
        """The addon's views, each as the web client asks for it: an
        extension through the view it extends."""
        return addon_views(self.env, VIEW_TYPES) | self.env.ref(
            "base.view_partner_form"
        )

    def test_portal_user_stays_out_of_the_web_client(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self.url_open("/odoo")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my"), response.url)

    def test_every_view_as_every_role(self):
        views = self._views()
        found = set(views.get_external_id().values())
        self.assertLessEqual(KNOWN_VIEWS, found, "the iteration missed known views")
        self.assertGreaterEqual(len(views), 35)
        failures, read_by = [], {view: [] for view in views}
        for role, user in self.roles.items():
            self.authenticate(user.login, user.login)
            self.context = {
                "lang": user.lang or "en_US",
                "tz": user.tz or "Europe/Helsinki",
                "uid": user.id,
                "allowed_company_ids": user.company_id.ids,
                "bin_size": True,
            }
            for view in views:
                try:
                    if self._open(view, user):
                        read_by[view].append(role)
                except Exception as error:  # noqa: BLE001 - all are reported
                    failures.append(
                        f"{role} ({user.login}) on {view.get_external_id()[view.id]}"
                        f" ({view.type} of {view.model}): {error}"
                    )
        self.assertFalse(failures, "\n" + "\n".join(failures))
        unread = [
            v.get_external_id()[v.id] for v, roles in read_by.items() if not roles
        ]
        self.assertFalse(unread, "views that no role opened on a record")
        # the meeting form was read by the manager who is not invited
        form = self.env.ref(f"{KP}.kp_meeting_view_form")
        self.assertIn("manager not invited", read_by[form])

"""Every "New" of every menu of the app, as every role that has it.

The web client shows "New" in a menu's list, kanban or calendar unless the
view says ``create="0"`` (Odoo writes that into the arch for a user without
the right to create). This test signs in as each role and, for every menu
of the app it sees whose "New" is shown, does what a person does: opens the
form of a new record (``get_views``, then ``onchange`` with the form's
specification), opens the dropdown of every required many2one (the field's
domain evaluated with the form's values, as the client does, then
``name_search``), picks a choice, and saves (``web_save``). Each dropdown
must offer the user's own records (a Table field the tables where the user
may add that record), and the record must save.
"""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import datetime, safe_eval, time

from .common import KpHttpCase
from .webclient import (
    call_kw,
    record_values,
    rpc,
    specification,
    write_values,
)

KP = "kumppanuuspoyta"
ROLES = ("participant", "coordinator", "manager")
MULTI_RECORD_VIEWS = ("list", "kanban", "calendar")
# what a person types into the fields a dropdown does not fill
TYPED = {
    "kp.contribution": {"quantity": 3.0},
    "kp.theme": {"planned_meeting_count": 3},
}


@tagged("post_install", "-at_install")
class TestNewFromMenus(KpHttpCase):
    """Each role creates a record from each menu whose "New" it sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.users = cls._role_users("kp_new", ROLES)
        participant, coordinator = cls.users["participant"], cls.users["coordinator"]
        for user in (participant, coordinator):
            user.partner_id.parent_id = cls.org_assoc
        # the coordinator coordinates one table and sits at a second as a
        # member, with the participant; a third they do not sit at
        cls.table_coordinated = cls._table("Oma pöytä", state="active")
        cls._seat(cls.table_coordinated, coordinator.partner_id, [cls.role_convener])
        cls._seat(cls.table_coordinated, participant.partner_id, [cls.role_member])
        cls._seat(cls.table_coordinated, cls.person_official, [cls.role_member])
        cls.table_member = cls._table("Vieras pöytä", state="active")
        cls._seat(cls.table_member, coordinator.partner_id, [cls.role_member])
        cls._seat(cls.table_member, participant.partner_id, [cls.role_member])
        cls.table_not_seated = cls._table("Muu pöytä", state="active")
        cls._seat(cls.table_not_seated, cls.person_volunteer, [cls.role_member])
        cls._setup_other_company()
        # a joint activity of each table, for the occurrences' "New"
        for table in (cls.table_coordinated, cls.table_member, cls.table_not_seated):
            env["kp.joint.activity"].create(
                {"name": f"Kahvila: {table.name}", "table_id": table.id}
            )

    def _own_tables(self, role, model):
        """The tables where the role may add a record of ``model``: a
        proposal where one sits, anything else where one coordinates; a
        manager anywhere in their municipality (also tables this test
        created)."""
        user = self.users[role]
        if role == "manager":
            domain = [("company_id", "=", user.company_id.id)]
        elif model == "kp.agenda.item":
            domain = [("member_user_ids", "in", user.id)]
        else:
            domain = [("coordinator_user_ids", "in", user.id)]
        tables = self.env["kp.table"].sudo().search(domain)
        # the fixtures' tables are where the role says
        expected = {
            "manager": self.table_coordinated
            | self.table_member
            | self.table_not_seated,
            "kp.agenda.item": self.table_coordinated | self.table_member,
        }.get(role if role == "manager" else model, self.table_coordinated)
        self.assertEqual(
            tables
            & (self.table_coordinated | self.table_member | self.table_not_seated),
            expected,
        )
        self.assertNotIn(self.table_other, tables)
        return tables

    # --- the web client's calls ------------------------------------------

    def _call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return call_kw(self.opener, self.base_url(), model, method, args, kwargs)

    def _sign_in(self, user):
        self.authenticate(user.login, user.login)
        self.user = user
        self.context = {
            "lang": user.lang or "en_US",
            "tz": user.tz or "Europe/Helsinki",
            "uid": user.id,
            "allowed_company_ids": user.company_id.ids,
        }

    def _eval(self, expression, values, default=None):
        """A view's expression evaluated as the client does, with the
        record's values."""
        if expression in (None, ""):
            return default
        if not isinstance(expression, str):
            return expression
        today = fields.Date.context_today(self.env.user)
        return safe_eval(
            expression,
            {
                **record_values(values),
                "id": False,
                "uid": self.user.id,
                "context": self.context,
                "allowed_company_ids": self.user.company_ids.ids,
                "current_company_id": self.user.company_id.id,
                "time": time,
                "datetime": datetime,
                "context_today": lambda: today,
                "parent": {},
            },
        )

    def _menus(self):
        """The app's menus this user sees that open a window action."""
        menus = self._call("ir.ui.menu", "load_menus", False)
        root = next(m for m in menus.values() if m.get("xmlid") == f"{KP}.kp_menu_root")
        todo, found = list(root["children"]), []
        while todo:
            menu = menus[str(todo.pop(0))]
            todo += menu["children"]
            if menu["action_model"] == "ir.actions.act_window":
                found.append(menu)
        return found

    def _action(self, menu):
        action = rpc(
            self.opener,
            self.base_url(),
            "/web/action/load",
            {"action_id": menu["action_id"], "context": self.context},
        )
        context = dict(self.context)
        context.update(
            safe_eval(
                action.get("context") or "{}",
                {
                    "uid": self.user.id,
                    "context": self.context,
                    "active_id": False,
                    "active_ids": [],
                    "allowed_company_ids": self.user.company_ids.ids,
                },
            )
        )
        return action, context

    # --- a "New" ---------------------------------------------------------

    def _new_is_shown(self, action, context):
        """The action's views as get_views answers for this user, and
        whether one of its multi-record views shows "New"."""
        views = [[view_id, view_type] for view_id, view_type in action["views"]]
        result = self._call(
            action["res_model"],
            "get_views",
            views=views + [[False, "search"]],
            options={"action_id": action["id"], "load_filters": True},
            context=context,
        )
        shown = False
        for _view_id, view_type in views:
            if view_type not in MULTI_RECORD_VIEWS:
                continue
            arch = etree.fromstring(result["views"][view_type]["arch"])
            create = arch.get("create", "true").lower()
            shown = shown or create not in ("0", "false")
        return result, shown

    def _form(self, action, result, context):
        """The arch the record is created in: the action's form view, or
        its editable list."""
        if "form" in result["views"]:
            return etree.fromstring(result["views"]["form"]["arch"])
        form = self._call(
            action["res_model"], "get_views", views=[[False, "form"]], context=context
        )
        result["models"].update(form["models"])
        return etree.fromstring(form["views"]["form"]["arch"])

    def _create_from(self, role, menu, model, arch, models, context):
        """Fill the new record's required fields as a person does and save;
        return the problems found."""
        fields_info = models[model]["fields"]
        problems = []
        label = f"{role}: {menu['name']} ({model})"
        spec = specification(
            arch,
            model,
            models,
            context_of=lambda node: self._eval(node.get("context"), {}),
        )
        values = self._call(model, "onchange", [], {}, [], spec, context=context)[
            "value"
        ]
        # the client's new record holds every field of the view: those the
        # onchange leaves out are empty (an x2many an empty list)
        for name in spec:
            relational = fields_info[name]["type"] in ("one2many", "many2many")
            values.setdefault(name, [] if relational else False)
        for node in arch.iter("field"):
            if node.getparent().tag in ("list", "kanban") or any(
                a.tag in ("list", "kanban") for a in node.iterancestors()
            ):
                continue
            name = node.get("name")
            info = fields_info.get(name)
            if not info or self._eval(node.get("invisible"), values, False):
                continue
            required = info.get("required") or self._eval(
                node.get("required"), values, False
            )
            if not required or values.get(name) not in (False, None, "", 0, 0.0):
                continue
            if self._eval(node.get("readonly"), values, info.get("readonly")):
                problems.append(f"{label}: {name} is required but read-only")
                continue
            typed = TYPED.get(model, {})
            if info["type"] == "many2one":
                choice = self._pick(label, role, model, node, info, values, problems)
                if not choice:
                    return problems
                values[name] = choice
            elif name in typed:
                values[name] = typed[name]
            elif info["type"] in ("char", "text", "html"):
                values[name] = f"Uusi: {menu['name']}"
            elif info["type"] == "datetime":
                start = fields.Datetime.now() + timedelta(days=7)
                values[name] = fields.Datetime.to_string(
                    start.replace(hour=7, minute=0, second=0)
                )
            else:
                problems.append(f"{label}: nothing to type into {name}")
                return problems
            changed = self._call(
                model,
                "onchange",
                [],
                write_values(values, {}),
                [name],
                spec,
                context=context,
            )["value"]
            values.update(changed)
        for name, value in TYPED.get(model, {}).items():
            values.setdefault(name, value)
            if not values[name]:
                values[name] = value
        saved = self._call(
            model,
            "web_save",
            [],
            write_values(values, fields_info),
            {"display_name": {}},
            context=context,
        )
        if not saved or not saved[0].get("id"):
            problems.append(f"{label}: nothing was saved")
        return problems

    def _pick(self, label, role, model, node, info, values, problems):
        """Open a required many2one's dropdown; the first of the user's own
        choices, or None (a problem noted)."""
        domain = self._eval(node.get("domain") or info.get("domain"), values, [])
        offered = self._call(info["relation"], "name_search", "", domain, "ilike", 100)
        if not offered:
            problems.append(f"{label}: {node.get('name')} offers nothing")
            return None
        if info["relation"] == "kp.table":
            # a table is founded from the Tables menu, not typed into a picker
            options = self._eval(node.get("options"), values, {})
            if not options.get("no_create"):
                problems.append(f"{label}: {node.get('name')} offers to create a table")
            own = self._own_tables(role, model)
            got = {table_id for table_id, _name in offered}
            if got != set(own.ids):
                problems.append(
                    f"{label}: {node.get('name')} offers "
                    f"{sorted(name for _id, name in offered)}, not the user's own "
                    f"{sorted(own.mapped('name'))}"
                )
                return None
            return self.table_coordinated.id
        return offered[0][0]

    # --- the test --------------------------------------------------------

    def test_every_new_of_every_menu_as_every_role(self):
        problems, created = [], set()
        for role in ROLES:
            self._sign_in(self.users[role])
            for menu in self._menus():
                action, context = self._action(menu)
                model = action["res_model"]
                if self.env[model]._transient:
                    continue
                result, shown = self._new_is_shown(action, context)
                if not shown:
                    continue
                arch = self._form(action, result, context)
                try:
                    found = self._create_from(
                        role, menu, model, arch, result["models"], context
                    )
                except Exception as error:  # noqa: BLE001 - all are reported
                    found = [f"{role}: {menu['name']} ({model}): {error}"]
                problems += found
                if not found:
                    created.add((role, model))
        self.assertFalse(problems, "\n" + "\n".join(problems))
        # the six menus that could not pick a table before, and the roles
        # that create from them
        for model in (
            "kp.agenda.item",
            "kp.commitment",
            "kp.theme",
            "kp.participant",
            "kp.joint.activity",
            "kp.contribution",
        ):
            for role in ("coordinator", "manager"):
                self.assertIn((role, model), created)
        self.assertIn(("participant", "kp.agenda.item"), created)

    def test_participant_sees_no_new_they_cannot_use(self):
        """A participant creates only proposals: every other menu they see
        hides its "New"."""
        self._sign_in(self.users["participant"])
        shown = set()
        for menu in self._menus():
            action, context = self._action(menu)
            if self._new_is_shown(action, context)[1]:
                shown.add(action["res_model"])
        self.assertEqual(shown, {"kp.agenda.item"})

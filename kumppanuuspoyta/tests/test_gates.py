"""One gate idiom for every state machine (kp.gate.mixin): for every model
with states, each record in each state, each role and each button, the
button is shown (its can_* field) exactly when pressing it succeeds, and a
refusal reads the same from the button and from write(). Then every form of
the addon, opened as each role the way the web client does: every button it
shows works for that role."""

from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KpMinutesCommon
from .webclient import (
    addon_views,
    client_values,
    evaluate,
    specification,
    visible_buttons,
)

KP = "kumppanuuspoyta"
# the meeting form's buttons: the field that shows each, and what pressing does
MEETING_BUTTONS = {
    "can_send_agenda": lambda m: m.action_send_agenda(),
    "can_mark_held": lambda m: m.action_held(),
    "can_cancel": lambda m: m.action_cancel(),
    "can_draft_minutes": lambda m: m.action_draft_minutes(),
    "can_approve_minutes": lambda m: m.action_approve_minutes(),
    "can_correct_minutes": lambda m: m.action_correct_minutes("Nimi väärin."),
    "can_distribute_minutes": lambda m: m.action_distribute_minutes(),
    "can_publish_memo": lambda m: m.action_kp_publish_memo(),
}


@tagged("post_install", "-at_install")
class TestGates(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_people()
        commitment = {
            "name": "Varaa sali",
            "organisation_id": cls.org_assoc.id,
            "responsible_partner_id": cls.person_volunteer.id,
            "deadline": cls._today(cls.table) + timedelta(days=30),
        }
        coming = cls._meeting(name="Tuleva")
        cls.env["kp.agenda.item"].create({"meeting_id": coming.id, "name": "Kohta"})
        started = cls._meeting(name="Alkanut", start=cls._past())
        cls.env["kp.agenda.item"].create({"meeting_id": started.id, "name": "Kohta"})
        held = cls._held_meeting(items=["Kohta"])
        agreed = cls._held_meeting(items=["Kohta"])
        cls._agree(agreed, "Sovittiin.", agreed.agenda_item_ids, [commitment])
        drafted = cls._held_meeting(items=["Kohta"])
        cls._agree(drafted, "Sovittiin.", drafted.agenda_item_ids, [commitment])
        drafted.action_draft_minutes()
        approved = cls._approved_meeting()
        distributed = cls._approved_meeting()
        distributed.write({"state": "minutes_distributed"})
        cancelled = cls._meeting(name="Peruttu")
        cancelled.action_cancel()
        sent = cls._meeting(name="Lähetetty", start=cls._start(days=14))
        cls.env["kp.agenda.item"].create({"meeting_id": sent.id, "name": "Kohta"})
        sent.action_send_agenda()
        cls.meetings = (
            coming | started | held | agreed | drafted | approved | distributed
        ) | (cancelled | sent)
        cls.users = {
            "participant": cls.user_participant,
            "secretary": cls.user_coordinator,
            "convener": cls.user_convener,
            "manager": cls.user_manager,
        }
        # every role, with an internal user and a portal user of the
        # association, which owns commitments and turns
        cls.roles = {
            **cls.users,
            "owner": cls.user_owner,
            "portal": cls.user_portal,
        }
        cls.records = {
            "kp.table": cls._setup_tables(),
            "kp.theme": cls._setup_themes(),
            "kp.meeting": cls.meetings,
            "kp.agenda.item": cls._setup_proposals(coming),
            "kp.commitment": cls._setup_commitments(agreed),
            "kp.activity.occurrence": cls._setup_turns(),
            "kp.participant": cls._setup_seats(),
            "kp.decision.handoff": cls._setup_handoffs(approved),
            "kp.publication": cls._setup_publications(approved),
        }

    @classmethod
    def _setup_people(cls):
        """An internal and a portal user of the association, seated."""
        owner = cls._person("Olli Omistaja", cls.org_assoc, "olli@example.com")
        cls.user_owner = new_test_user(
            cls.env,
            "kp_gate_owner_user",
            groups=f"{KP}.group_kp_user",
            name="Olli Omistaja",
            partner_id=owner.id,
        )
        cls.user_portal = new_test_user(
            cls.env, "kp_gate_portal", groups="base.group_portal", name="Pia Portal"
        )
        cls.user_portal.partner_id.parent_id = cls.org_assoc
        for user in (cls.user_owner, cls.user_portal):
            cls._seat(cls.table, user.partner_id, [cls.role_member])

    @classmethod
    def _setup_publications(cls, approved):
        """A public memo of the approved minutes in every state."""
        Publication = cls.env["kp.publication"]
        draft, published, expired, withdrawn = Publication.create(
            [{"minutes_id": approved.minutes_ids.id}] * 4
        )
        (published | expired).action_publish()
        expired._kp_empty_snapshot("expired")
        withdrawn.action_withdraw()
        return draft | published | expired | withdrawn

    @classmethod
    def _setup_handoffs(cls, approved):
        """A hand-off for decision in every state (and a sent one with its
        case number, a registered one with its decision's date)."""
        cls.env.company.kp_registry_email = "kirjaamo@example.org"
        agreement = approved.agreement_ids[:1]
        decided = {"case_number": "45/2026", "decision_date": "2026-03-12"}
        return cls.env["kp.decision.handoff"].create(
            [
                {"agreement_id": agreement.id, "addressee": "Kaupunginhallitus", **vals}
                for vals in (
                    {"state": "draft"},
                    {"state": "sent"},
                    {"state": "sent", "case_number": "44/2026"},
                    {"state": "registered", "case_number": "43/2026"},
                    {"state": "registered", **decided},
                    {"state": "approved", **decided},
                    {"state": "rejected", **decided},
                    {"state": "returned", **decided},
                    {"state": "withdrawn"},
                )
            ]
        )

    @classmethod
    def _setup_tables(cls):
        """A table in each state, run by the secretary and the convener."""
        tables = cls.table
        for state in ("forming", "paused", "ended"):
            table = cls._table(f"Pöytä {state}")
            cls._seat(table, cls.user_coordinator.partner_id, [cls.role_secretary])
            cls._seat(table, cls.user_convener.partner_id, [cls.role_convener])
            for user in (cls.user_participant, cls.user_owner, cls.user_portal):
                cls._seat(table, user.partner_id, [cls.role_member])
            table.state = state
            tables |= table
        return tables

    @classmethod
    def _setup_themes(cls):
        Theme = cls.env["kp.theme"]
        results = {"results": "Kahvila aukeaa joka tiistai."}
        return Theme.create(
            [
                {"table_id": cls.table.id, **vals}
                for vals in (
                    {"name": "Avoin", "state": "open"},
                    {"name": "Tuloksia kirjattu", "state": "open", **results},
                    {"name": "Tuloksia", "state": "results", **results},
                    {"name": "Suljettu", "state": "closed", **results},
                    {"name": "Pudotettu", "state": "dropped", "drop_reason": "Ei."},
                )
            ]
        )

    @classmethod
    def _setup_proposals(cls, meeting):
        Item = cls.env["kp.agenda.item"]
        proposals = Item.create(
            [
                {"table_id": cls.table.id, "name": "Ilman tapaamista"},
                {
                    "table_id": cls.table.id,
                    "name": "Tapaamiseen",
                    "meeting_id": meeting.id,
                    "state": "proposed",
                },
                {"table_id": cls.table.id, "name": "Hylätty"},
            ]
        )
        proposals[2].write({"state": "declined", "decline_reason": "Ei nyt."})
        return proposals | meeting.agenda_item_ids[:1]

    @classmethod
    def _setup_commitments(cls, meeting):
        Commitment = cls.env["kp.commitment"]
        closed = Commitment.create(
            [
                {
                    "table_id": cls.table.id,
                    "name": name,
                    "organisation_id": cls.org_assoc.id,
                    "stage_id": stage.id,
                }
                for name, stage in (
                    ("Tehty", cls.stage_done),
                    ("Peruttu", cls.stage_cancelled),
                )
            ]
        )
        return meeting.commitment_ids | closed

    @classmethod
    def _setup_turns(cls):
        """An activity whose turns the association and the city share: a
        turn of each kind, and the city's coming turn to swap with."""
        cls.activity = cls.env["kp.joint.activity"].create(
            {
                "name": "Kahvia ja kohtaamisia",
                "table_id": cls.table.id,
                "roster_ids": [
                    Command.create({"organisation_id": org.id})
                    for org in (cls.org_assoc, cls.org_city)
                ],
            }
        )
        now = fields.Datetime.now().replace(microsecond=0)

        def turn(days, organisation=cls.org_assoc, **vals):
            return {
                "activity_id": cls.activity.id,
                "start": now + timedelta(days=days),
                "organisation_id": organisation.id,
                **vals,
            }

        return cls.env["kp.activity.occurrence"].create(
            [
                turn(10),
                turn(20, cls.org_city),
                turn(30, confirmed=True),
                turn(40, swap_organisation_id=cls.org_city.id, swap_reason="Retki"),
                turn(-0.2),
                turn(-30, state="held", visitors=12),
                turn(50, state="cancelled"),
            ]
        )

    @classmethod
    def _setup_seats(cls):
        seats = cls.env["kp.participant"]
        for name, state in (
            ("Ilkka", "invited"),
            ("Aino", "active"),
            ("Lauri", "left"),
        ):
            person = cls._person(name, cls.org_city, f"{name.lower()}@example.com")
            vals = {"left_date": cls._today(cls.table)} if state == "left" else {}
            seats |= cls._seat(
                cls.table, person, [cls.role_member], state=state, **vals
            )
        return seats

    def _gates(self):
        """{model: {can_* field: what pressing its button does}}."""

        def other(turn):
            return (self.org_assoc | self.org_city) - turn.organisation_id

        return {
            "kp.table": {
                "can_plan_meeting": lambda t: t.action_plan_next_meeting(),
                "can_activate": lambda t: t.action_activate(),
                "can_pause": lambda t: t.action_pause(),
                "can_end": lambda t: t.action_end(),
                "can_reopen": lambda t: t.action_reopen(),
            },
            "kp.theme": {
                "can_mark_results": lambda t: t.action_mark_results(),
                "can_close": lambda t: t.action_close(),
                "can_drop": lambda t: (
                    t.action_open_drop_wizard(),
                    t.action_drop("Ei voimia."),
                ),
                "can_reopen": lambda t: t.action_reopen(),
            },
            "kp.meeting": MEETING_BUTTONS,
            "kp.agenda.item": {
                "can_accept": lambda item: item.action_accept(),
                "can_decline": lambda item: item.action_decline("Ei nyt."),
                # the answer any matter may get (kp_agenda_item_answer.py)
                "can_answer": lambda item: item.write(
                    {"answer": "not_taken", "decline_reason": "Ei nyt."}
                ),
            },
            "kp.commitment": {
                "can_update_stage": lambda c: c.write(
                    {"stage_id": self.stage_progress.id}
                ),
                "can_manage": lambda c: c.write({"name": "Varaa iso sali"}),
            },
            "kp.activity.occurrence": {
                "can_confirm": lambda o: o.action_confirm_turn(),
                "can_request_swap": lambda o: o.write(
                    {"swap_organisation_id": other(o).id, "swap_reason": "Retki"}
                ),
                "can_accept_swap": lambda o: o.action_accept_swap(),
                "can_refuse_swap": lambda o: o.action_refuse_swap(),
                "can_mark_held": lambda o: o.action_held(),
                "can_cancel": lambda o: o.action_cancel(),
                "can_reset": lambda o: o.action_reset(),
            },
            "kp.participant": {
                "can_join": lambda p: p.action_join(),
                "can_leave": lambda p: p.action_leave(),
            },
            "kp.decision.handoff": {
                "can_send": lambda h: h.action_send(),
                "can_register": lambda h: h.action_register(),
                "can_approve": lambda h: h.action_approve(),
                "can_reject": lambda h: h.action_reject(),
                "can_return": lambda h: h.action_return(),
                "can_withdraw": lambda h: h.action_withdraw(),
            },
            "kp.publication": {
                "can_publish": lambda p: p.action_publish(),
                "can_withdraw": lambda p: p.action_withdraw(),
            },
        }

    # --- pressing ------------------------------------------------------

    def _refusal(self, press, record):
        """Why pressing is refused (its message), or None when it succeeds;
        nothing of it is kept."""
        try:
            with self.env.cr.savepoint():
                press(record)
                record.env.flush_all()
                raise _Pressed
        except _Pressed:
            return None
        except UserError as error:
            return error.args[0]
        finally:
            self.env.invalidate_all()

    def _press(self, press, record):
        """Whether pressing succeeds; nothing of it is kept."""
        return self._refusal(press, record) is None

    def _assert_shown_iff_pressable(self, records, users, buttons):
        """For each record, user and button: the field that shows the button
        is true exactly when pressing it succeeds. Returns what was shown."""
        shown = []
        for record in records:
            for user in users:
                as_user = record.with_user(user)
                for field, press in buttons.items():
                    visible = as_user[field]
                    shown.append(visible)
                    self.assertEqual(
                        visible,
                        self._press(press, as_user),
                        f"{field} of {record.display_name} ({record.state}) "
                        f"for {user.name}",
                    )
                    as_user.invalidate_recordset()
        return shown

    # --- the gates -----------------------------------------------------

    def test_every_model_with_states_has_the_gate(self):
        with_states = {
            name
            for name, Model in self.env.registry.items()
            if name.startswith("kp.")
            and Model._auto
            and not Model._transient
            and Model._fields.get("state")
            and Model._fields["state"].type == "selection"
        }
        gated = set(self.env["kp.gate.mixin"]._inherit_children)
        self.assertEqual(with_states, gated, "models with states outside the gate")
        self.assertEqual(set(self._gates()), gated, "gated models this test misses")
        for model, buttons in self._gates().items():
            self.assertEqual(set(buttons), set(self.env[model]._gate_buttons()), model)
            states = dict(
                self.env[model]._fields["state"]._description_selection(self.env)
            )
            self.assertEqual(
                set(self.records[model].mapped("state")),
                set(states),
                f"{model}: records in every state",
            )

    def test_buttons_follow_the_gate_for_every_model(self):
        for model, buttons in self._gates().items():
            shown = self._assert_shown_iff_pressable(
                self.records[model], self.roles.values(), buttons
            )
            # the check saw buttons shown and hidden, not only one kind
            self.assertEqual(set(shown), {True, False}, model)

    def test_refusal_reads_the_same_from_button_and_write(self):
        compared = 0
        for model, buttons in self._gates().items():
            Model = self.env[model]
            moves = Model._gate_moves()
            for field, press in buttons.items():
                transition = Model._gate_buttons()[field]
                if transition not in moves:
                    continue
                state = moves[transition][1]
                for record in self.records[model]:
                    for user in self.roles.values():
                        as_user = record.with_user(user)._filtered_access("read")
                        if not as_user or (
                            record.state == state
                            or as_user._gate_move(state) != transition
                        ):
                            continue  # writing the state is no move, or another
                        button = self._refusal(press, as_user)
                        if button is None:
                            continue
                        edit = self._refusal(
                            lambda r, s=state: r.write({"state": s}), as_user
                        )
                        self.assertEqual(
                            button,
                            edit,
                            f"{field} of {record.display_name} for {user.name}",
                        )
                        compared += 1
        self.assertGreater(compared, 100)

    def test_meeting_buttons_follow_the_gate(self):
        shown = self._assert_shown_iff_pressable(
            self.meetings, self.users.values(), MEETING_BUTTONS
        )
        # the check saw buttons shown and hidden, not only one kind
        self.assertGreater(sum(shown), 10)
        self.assertLess(sum(shown), len(shown) / 2)

    def test_refusal_reads_the_same_from_button_and_edit(self):
        coming = self.meetings.filtered(lambda m: m.name == "Tuleva")
        as_secretary = coming.with_user(self.user_coordinator)
        with self.assertRaises(UserError) as button:
            as_secretary.action_held()
        with self.assertRaises(UserError) as edit:
            as_secretary.write({"state": "held"})
        self.assertEqual(button.exception.args, edit.exception.args)
        self.assertIn("has not started", button.exception.args[0])
        approved = self.meetings.filtered(lambda m: m.state == "minutes_approved")[:1]
        with self.assertRaises(UserError) as edit:
            approved.with_user(self.user_coordinator).write({"state": "held"})
        self.assertIn("Approved minutes do not change", edit.exception.args[0])

    def test_proposal_buttons_follow_the_gate(self):
        meeting = self.meetings.filtered(lambda m: m.name == "Tuleva")
        proposals = self.env["kp.agenda.item"].create(
            [
                {"table_id": self.table.id, "name": "Ilman tapaamista"},
                {
                    "table_id": self.table.id,
                    "name": "Tapaamiseen",
                    "meeting_id": meeting.id,
                    "state": "proposed",
                },
            ]
        )
        accepted = meeting.agenda_item_ids[:1]
        buttons = {
            "can_accept": lambda item: item.action_accept(),
            "can_decline": lambda item: item.action_decline("Ei nyt."),
        }
        shown = self._assert_shown_iff_pressable(
            proposals | accepted, self.users.values(), buttons
        )
        self.assertEqual(set(shown), {True, False})

    def test_commitment_fields_follow_the_gate(self):
        agreed = self.meetings.filtered(
            lambda m: m.state == "held" and m.commitment_ids
        )
        commitment = agreed.commitment_ids
        owner = self.env["res.users"].create(
            {
                "name": "Olga Omistaja",
                "login": "kp_gate_owner",
                "partner_id": self.person_volunteer.id,
                "group_ids": [(4, self.env.ref("kumppanuuspoyta.group_kp_user").id)],
            }
        )
        checks = {
            "can_update_stage": lambda c: c.write({"stage_id": self.stage_progress.id}),
            "can_manage": lambda c: c.write({"name": "Varaa iso sali"}),
        }
        shown = self._assert_shown_iff_pressable(
            commitment, (owner, self.user_participant, self.user_coordinator), checks
        )
        self.assertEqual(set(shown), {True, False})

    # --- every button of every form, as the web client shows it --------

    def _form_views(self):
        """The addon's form views of stored models, each as the web client
        asks for it (an extension through the view it extends)."""
        return addon_views(
            self.env, ("form",), lambda view: not self.env[view.model]._transient
        )

    def _addon_buttons(self):
        """The names of the buttons the addon's views declare."""
        data = self.env["ir.model.data"].search(
            [("module", "=", KP), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(data.mapped("res_id"))
        return {
            node.get("name")
            for view in views
            for node in etree.fromstring(view.arch_db).iter("button")
            if node.get("name")
        }

    def _form_records(self, model, user):
        """The records of a form the user opens: the gated models' records
        in every state, the association and its person, or the latest."""
        records = self.records.get(model)
        if model == "res.partner":
            records = self.org_assoc | self.person_volunteer
        Model = self.env[model].with_user(user)
        if records is None:
            return Model.search([], limit=3, order="id desc")
        return records.with_user(user)._filtered_access("read")

    def _press_button(self, node, values, parent, record, context):
        """Press a button as the web client does: a method of the record
        with the button's context, or an action opened on the record."""
        if node.get("context"):
            context = {
                **context,
                **evaluate(node.get("context"), values, context, parent),
            }
        record = record.with_context(**context)
        if node.get("type") == "object":
            getattr(record, node.get("name"))()
            return
        action = self.env["ir.actions.actions"].browse(int(node.get("name")))
        if action.type == "ir.actions.report":
            report = self.env["ir.actions.report"].browse(action.id)
            report.with_env(record.env)._render_qweb_html(report.id, record.ids)
            return
        window = self.env["ir.actions.act_window"].browse(action.id)
        active = {
            "active_id": record.id,
            "active_ids": record.ids,
            "active_model": record._name,
        }
        context = {
            **context,
            **evaluate(window.context or "{}", active, context),
            **active,
        }
        Target = record.env[window.res_model].with_context(**context)
        views = Target.get_views([(window.view_id.id, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        Target.onchange({}, [], specification(arch, window.res_model, views["models"]))

    def _context(self, user):
        return {
            "lang": user.lang,
            "tz": "Europe/Helsinki",
            "uid": user.id,
            "allowed_company_ids": user.company_ids.ids,
        }

    def _shown_buttons(self, user, records, view=None):
        """Open the records' form as the user the way the web client does
        (get_views, then web_read with the view's fields): each button it
        shows, as (button node, the values its expressions see, the record
        it acts on, the form's values when it is a line's button)."""
        context = self._context(user)
        Model = records.env[records._name].with_user(user).with_context(**context)
        result = Model.get_views([(view.id if view else False, "form")])
        arch = etree.fromstring(result["views"]["form"]["arch"])
        spec = specification(arch, records._name, result["models"])
        for data in records.with_env(Model.env).web_read(spec):
            for node, values, field, line in visible_buttons(arch, data, context):
                target, parent = Model.browse(data["id"]), None
                if field:
                    target, parent = target[field].browse(line), client_values(data)
                yield node, values, target, parent

    def test_every_visible_button_works_for_every_role(self):
        addon_buttons = self._addon_buttons()
        failures, pressed = [], {}
        internal = {role: u for role, u in self.roles.items() if not u.share}
        for role, user in internal.items():
            context = self._context(user)
            for view in self._form_views():
                model = view.model
                if not self.env[model].with_user(user).has_access("read"):
                    continue
                records = self._form_records(model, user)
                for node, values, target, parent in self._shown_buttons(
                    user, records, view
                ):
                    if node.get("name") not in addon_buttons or node.get("special"):
                        continue
                    error = self._refusal(
                        lambda r, n=node, v=values, p=parent, c=context: (
                            self._press_button(n, v, p, r, c)
                        ),
                        target,
                    )
                    pressed.setdefault(model, set()).add(role)
                    if error is not None:
                        label = node.get("string") or node.get("name")
                        failures.append(
                            f"{role} pressed {label} on {target._name} "
                            f"{target.display_name}: {error}"
                        )
        self.assertFalse(failures, "\n" + "\n".join(failures))
        # the gated forms with buttons (a commitment's form has none)
        for model in set(self.records) - {"kp.commitment"}:
            self.assertIn(model, pressed, f"no button of {model} was pressed")
        self.assertIn("participant", pressed["kp.table"])

    def test_participant_sees_no_button_they_may_not_press(self):
        """Issue #20 point 7: a participant saw Pause and End the Table on
        the table's form, and Leave the Table on everyone's seat."""
        lifecycle = {
            "action_activate",
            "action_pause",
            "action_end",
            "action_reopen",
            "action_plan_next_meeting",
            "action_join",
            "action_leave",
        }
        active = self.table
        for user, expected in (
            (self.user_participant, set()),
            (self.user_coordinator, lifecycle - {"action_activate", "action_reopen"}),
        ):
            shown = {
                node.get("name")
                for node, _values, _target, _parent in self._shown_buttons(user, active)
            }
            self.assertEqual(shown & lifecycle, expected, user.name)
        # only who runs the table ends a participation, also their own
        seat = self.seat_user.with_user(self.user_participant)
        self.assertFalse(seat.can_leave)
        with self.assertRaises(AccessError):
            seat.action_leave()
        self.assertTrue(self.seat_user.with_user(self.user_coordinator).can_leave)

    def test_irreversible_steps_say_so(self):
        """Issue #20 point 12: Approve Minutes approved at once, though
        approved minutes never change again, and a proposal's "Take onto the
        agenda" appeared only once a meeting was chosen, without a word."""
        user = self.user_coordinator
        for lang, approval, hint in (
            ("en_US", "can no longer be edited", "Choose the meeting first"),
            ("fi_FI", "ei voi enää muokata", "Valitse ensin tapaaminen"),
        ):
            arches = {
                model: etree.fromstring(
                    self.env[model]
                    .with_user(user)
                    .with_context(lang=lang)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                for model in ("kp.meeting", "kp.agenda.item")
            }
            approve = arches["kp.meeting"].find(
                ".//button[@name='action_approve_minutes']"
            )
            self.assertIn(approval, approve.get("confirm") or "", lang)
            meeting = arches["kp.agenda.item"].find(".//field[@name='meeting_id']")
            self.assertIn(hint, meeting.get("placeholder") or "", lang)


class _Pressed(Exception):
    """Leaves the savepoint after a press that succeeded."""

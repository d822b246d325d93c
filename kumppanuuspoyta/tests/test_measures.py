"""Every measure as it is displayed.

For every pivot, graph, list and kanban of the addon (and the lists inside
its forms), each number shown is checked against what the widget does with
it and against the data: the percentage widget multiplies by 100, so it
shows only shares of 0-1 (10000 % was a 100 read as a share); a label that
promises a percentage gets a widget that prints one; money carries its
currency; a decimal carries its unit in its label; and nothing is summed
across unlike units (the amounts of contributions of different kinds).
"""

import re
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged

from .common import KpMinutesCommon
from .webclient import addon_views

VIEW_TYPES = ("pivot", "graph", "list", "kanban")
NUMBERS = ("integer", "float", "monetary")
# widgets that print a number on their own scale (a share 0-1; 0-100 as a
# bar; hours as hh:mm) or do not print it (handles, colours)
SCALES = {"percentage": (0, 1), "progressbar": (0, 100)}
NOT_PRINTED = {"handle", "color_picker", "kanban_color_picker", "float_time"}
# the widgets that show a number as a number (a boolean widget on an
# integer logged "The widget: boolean don't support the type integer")
NUMBER_WIDGETS = {
    None,
    "monetary",
    "statinfo",
    "integer",
    "float",
    *SCALES,
    *NOT_PRINTED,
}
UNIT = re.compile(r"\(.+\)$|Hours$|Days\b")


@tagged("post_install", "-at_install")
class TestMeasures(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.ref("base.EUR").active = True
        env.company.currency_id = env.ref("base.EUR")
        cls._approved_meeting()
        meeting = cls._held_meeting(hours=30)
        meeting.attendance_ids[:1].status = "absent"
        cls._agree(
            meeting,
            "Kirjasto vastaa syksyn kerroista.",
            commitments=[
                {"name": "Tee syksyn ohjelma", "organisation_id": cls.org_city.id}
            ],
        )
        cls._contributions(
            cls.table,
            [
                (cls.org_assoc, "volunteer_hours", {"quantity": 30}),
                (cls.org_assoc, "premises", {"quantity": 7}),
                (cls.org_assoc, "money", {"amount": 145.5}),
            ],
        )
        env["kp.theme"].create(
            {
                "name": "Kirjaston aukiolo",
                "table_id": cls.table.id,
                "date_start": fields.Date.today() - timedelta(days=30),
            }
        )
        env.flush_all()

    # --- the views -------------------------------------------------------

    def _views(self):
        return addon_views(
            self.env, (*VIEW_TYPES, "form"), lambda view: view.model.startswith("kp.")
        )

    def _shown(self, view):
        """(model, node, kind) of each number the view shows, kind being
        the view type it is shown in (a form's lines: "list")."""
        Model = self.env[view.model].with_user(self.user_manager)
        arch = etree.fromstring(
            Model.get_views([(view.id, view.type)])["views"][view.type]["arch"]
        )
        shown = []

        def walk(node, model, kind):
            for child in node:
                if not isinstance(child.tag, str):
                    continue
                if child.tag == "field":
                    field = self.env[model]._fields.get(child.get("name"))
                    subviews = [c for c in child if c.tag in ("list", "kanban")]
                    if field and field.comodel_name and subviews:
                        for subview in subviews:
                            walk(subview, field.comodel_name, subview.tag)
                    elif field and field.type in NUMBERS and kind in VIEW_TYPES:
                        invisible = child.get("invisible") or child.get(
                            "column_invisible"
                        )
                        if (
                            invisible not in ("1", "True")
                            and child.get("type") != "row"
                        ):
                            shown.append((model, child, kind))
                else:
                    walk(child, model, kind)

        walk(arch, view.model, view.type)
        return shown

    # --- the test ----------------------------------------------------------

    def test_every_measure_as_it_is_displayed(self):
        problems, checked = [], set()
        for view in self._views():
            name = view.get_external_id()[view.id]
            for model, node, kind in self._shown(view):
                field = self.env[model]._fields[node.get("name")]
                where = f"{name}: {model}.{field.name} ({kind})"
                checked.add((model, field.name))
                problems += self._check(where, model, field, node, kind)
        self.assertGreaterEqual(len(checked), 30)
        for expected in (
            ("kp.commitment.report", "completion_rate"),
            ("kp.attendance.report", "attendance_rate"),
            ("kp.sector.coverage.report", "coverage"),
            ("kp.contribution", "amount"),
            ("kp.contribution", "hours"),
        ):
            self.assertIn(expected, checked)
        self.assertFalse(problems, "\n" + "\n".join(sorted(set(problems))))

    def _check(self, where, model, field, node, kind):
        problems = []
        widget = node.get("widget")
        label = field.get_description(self.env)["string"]
        summed = node.get("sum") or (
            kind in ("pivot", "graph") and node.get("type") == "measure"
        )
        if widget not in NUMBER_WIDGETS:
            problems.append(f"{where}: a {field.type} shown with the {widget} widget")
        # a scale the widget prints, checked against the data
        if widget in SCALES:
            low, high = SCALES[widget]
            values = self._values(model, field)
            if not values:
                problems.append(f"{where}: no data to check its {widget} against")
            elif not all(low <= value <= high for value in values):
                problems.append(
                    f"{where}: {widget} shows {low}-{high}, the data holds "
                    f"{min(values)}-{max(values)}"
                )
        elif "%" in label and kind != "kanban":
            problems.append(f"{where}: {label!r} is printed without a percentage")
        # money and its currency
        if field.type == "monetary":
            currency = self.env[model]._fields.get(
                field.get_currency_field(self.env[model])
            )
            if not currency:
                problems.append(f"{where}: money without a currency field")
            else:
                records = self.env[model].search([(field.name, "!=", 0)], limit=20)
                if records and not all(records.mapped(currency.name)):
                    problems.append(f"{where}: money without its currency")
        # a decimal carries its unit
        elif (
            field.type == "float"
            and widget not in SCALES
            and widget not in NOT_PRINTED
            and not UNIT.search(field.string)
        ):
            problems.append(f"{where}: {field.string!r} does not say its unit")
        # unlike units are never added up: a model whose records each carry
        # their own unit sums only the measures of one unit
        if "unit" in self.env[model]._fields and field.type != "monetary":
            if not UNIT.search(field.string) and (summed or field.aggregator):
                problems.append(f"{where}: {field.string!r} adds up unlike units")
        return problems

    def _values(self, model, field):
        """The values a view shows of ``field``: each record's, and the
        aggregates of the groups a pivot makes of them."""
        Model = self.env[model]
        values = [v for v in Model.search([]).mapped(field.name) if v is not False]
        if field.aggregator and values:
            for groupby in ([], ["table_id"], ["organisation_id"]):
                if groupby and groupby[0] not in Model._fields:
                    continue
                for group in Model.formatted_read_group(
                    [], groupby, [f"{field.name}:{field.aggregator}"]
                ):
                    value = group[f"{field.name}:{field.aggregator}"]
                    if value is not False and value is not None:
                        values.append(value)
        return values

"""People's names as the lists show them: the person's own name, not
Odoo's "Organisation, Person", which cut the person off behind the
organisation that the next column shows anyway."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KpMinutesCommon
from .webclient import addon_views, specification

PEOPLE = ("res.partner", "kp.participant")


@tagged("post_install", "-at_install")
class TestNames(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._approved_meeting()
        cls.env.flush_all()

    def _views(self):
        """The addon's list and kanban views, and its forms (for the lists
        inside them), each as the client asks for it."""
        return addon_views(
            self.env,
            ("list", "kanban", "form"),
            lambda view: view.model.startswith("kp."),
        )

    @staticmethod
    def _context_of(node):
        """A field's context as the client sends it; the record's values do
        not matter here (only keys that change how names read do)."""
        try:
            return safe_eval(node.get("context"), {"id": False, "context": {}})
        except NameError:
            return {}

    def _cut_names(self, values, model, models, path, in_list=True):
        """The people among ``values`` shown with their organisation in a
        list (a form's own fields have the room for Odoo's full name)."""
        found = []
        fields_info = models.get(model, {}).get("fields", {})
        for name, value in values.items():
            info = fields_info.get(name, {})
            if not in_list and info.get("type") == "many2one":
                continue
            if info.get("type") == "many2one" and isinstance(value, dict):
                if info["relation"] in PEOPLE and value.get("id"):
                    record = self.env[info["relation"]].browse(value["id"])
                    person = (
                        record if record._name == "res.partner" else record.partner_id
                    )
                    if person.parent_id and value["display_name"] != person.name:
                        found.append(f"{path}.{name}: {value['display_name']!r}")
            elif info.get("type") in ("one2many", "many2many") and isinstance(
                value, list
            ):
                for line in value:
                    if isinstance(line, dict):
                        found += self._cut_names(
                            line, info["relation"], models, f"{path}.{name}"
                        )
        return found

    def test_lists_show_the_persons_own_name(self):
        user = self.user_manager
        self._seat(self.table, user.partner_id, [self.role_member])
        self.table.participant_ids.flush_recordset()
        found, checked = [], 0
        for view in self._views():
            Model = self.env[view.model].with_user(user)
            result = Model.get_views([(view.id, view.type)])
            arch = etree.fromstring(result["views"][view.type]["arch"])
            spec = specification(
                arch,
                view.model,
                result["models"],
                context_of=self._context_of,
            )
            records = Model.search([], limit=5, order="id desc")
            if not records:
                continue
            rows = (
                records.web_read(spec)
                if view.type == "form"
                else Model.web_search_read([("id", "in", records.ids)], spec)["records"]
            )
            for row in rows:
                checked += 1
                found += self._cut_names(
                    row,
                    view.model,
                    result["models"],
                    view.get_external_id()[view.id],
                    in_list=view.type != "form",
                )
        self.assertGreater(checked, 20)
        self.assertFalse(found, "\n" + "\n".join(sorted(set(found))))

    def test_participant_is_named_by_their_own_name(self):
        """Pickers of participants (chair, secretary, proposer) and the
        attendance list show the person, not "Organisation, Person"."""
        self.assertEqual(self.seat_official.display_name, "Virpi Viranhaltija")
        self.assertEqual(
            self.meeting.with_user(self.user_coordinator).chair_id.display_name,
            "Virpi Viranhaltija",
        )

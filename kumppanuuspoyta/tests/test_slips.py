"""Small things a person reads (issue #20, 15): the title of the dialog
that creates or opens a line, the chatter's first line, the order of the
meeting picker and the custom group-by."""

from lxml import etree

from odoo.tests import tagged

from .common import KpMinutesCommon

KP = "kumppanuuspoyta"
# lines that open as something more particular than their model's name
TITLES = {
    ("kp.meeting", "attendee_ids"): "Vastaus kutsuun",
    # a line of the memo's names found: the name, not the memo
    ("kp.publication", "hit_ids"): "Löytynyt nimi",
}


@tagged("post_install", "-at_install")
class TestSlips(KpMinutesCommon):
    def test_line_dialogs_are_titled_in_the_singular(self):
        """The client titles the dialog of a line "Create <label>" or
        "Open: <label>" ("Luo Sovitut asiat", "Lisää Teemat"): every list or
        kanban of lines that opens a dialog (not edited in its row) is
        labelled with one line's name, in Finnish."""
        data = self.env["ir.model.data"].search(
            [("module", "=", KP), ("model", "=", "ir.ui.view")]
        )
        forms = (
            self.env["ir.ui.view"]
            .browse(data.mapped("res_id"))
            .filtered(
                lambda v: (
                    v.type == "form"
                    and v.mode == "primary"
                    and v.model.startswith("kp.")
                    and not self.env[v.model]._transient
                )
            )
        )
        checked, plural = 0, []
        for view in forms:
            Model = self.env[view.model].with_context(lang="fi_FI")
            result = Model.get_views([(view.id, "form")])
            arch = etree.fromstring(result["views"]["form"]["arch"])
            fields_info = result["models"][view.model]["fields"]
            for node in arch.iter("field"):
                info = fields_info.get(node.get("name"), {})
                if info.get("type") not in ("one2many", "many2many"):
                    continue
                if node.get("widget") in ("many2many_tags", "many2many_checkboxes"):
                    continue
                if any(a.tag == "field" for a in node.iterancestors()):
                    continue
                if node.get("invisible") in ("1", "True"):
                    continue  # a value the form's domains read, never shown
                subview = next((c for c in node if c.tag in ("list", "kanban")), None)
                if subview is not None and subview.get("editable"):
                    continue
                checked += 1
                title = node.get("string") or info["string"]
                singular = TITLES.get((view.model, node.get("name"))) or (
                    self.env["ir.model"]
                    .with_context(lang="fi_FI")
                    ._get(info["relation"])
                    .name
                )
                if title != singular:
                    plural.append(
                        f"{view.model}.{node.get('name')}: {title!r}, not {singular!r}"
                    )
        self.assertGreaterEqual(checked, 10)
        self.assertFalse(plural, "\n" + "\n".join(plural))

    def test_chatter_first_line_in_one_language(self):
        """A record created in Swedish says so in Swedish, whether or not
        the model's name is translated yet (while the addon installs its
        demo data, it is not: "Partnership Table luotu")."""
        self._load_swedish()
        model = self.env["ir.model"]._get("kp.table")
        # as during the installation: the model's name not yet translated
        model.update_field_translations("name", {"sv_SE": "Partnership Table"})
        sv = self.env(context={"lang": "sv_SE"})
        table = sv["kp.table"].create({"name": "Bybordet"})
        first = table.message_ids[-1]
        self.assertEqual(first.body, "<p>Partnerskapsbordet skapades</p>")
        seat = sv["kp.participant"].create(
            {"table_id": table.id, "partner_id": self.person_resident.id}
        )
        self.assertEqual(seat.message_ids[-1].body, "<p>Deltagaren lades till</p>")

    def test_meeting_picker_lists_the_next_meeting_first(self):
        """The meetings to come by date, the next first, then the past ones,
        the latest first (19.1.2027 came above 19.12.2026)."""
        soon = self._meeting(start=self._start(days=10), name="Joulukuu")
        later = self._meeting(start=self._start(days=40), name="Tammikuu")
        held = self._held_meeting(hours=24 * 10)
        older = self._held_meeting(hours=24 * 40)
        item = self.env["kp.agenda.item"].with_user(self.user_coordinator)
        domain = [("table_id", "=", self.table.id)]
        offered = [
            meeting_id
            for meeting_id, _name in self.env["kp.meeting"]
            .with_user(self.user_coordinator)
            .name_search("", domain)
        ]
        self.assertEqual(offered[:4], [soon.id, later.id, held.id, older.id])
        # the agenda item's picker, with its own domain (planned meetings)
        field_domain = [
            ("table_id", "=", self.table.id),
            ("state", "in", ("planned", "agenda_sent")),
        ]
        picked = item.env["kp.meeting"].name_search("", field_domain, limit=8)
        self.assertEqual([m for m, _n in picked][:2], [soon.id, later.id])

    def test_share_token_is_nothing_to_group_by(self):
        """Odoo's custom group-by offered "Suojaustunniste" (the share
        link's token) on commitments and minutes."""
        for model in ("kp.commitment", "kp.minutes"):
            description = (
                self.env[model]
                .with_user(self.user_manager)
                .with_context(lang="fi_FI")
                .fields_get(attributes=["string", "groupable", "searchable"])
            )
            self.assertIn("access_token", description)
            self.assertFalse(description["access_token"]["groupable"], model)
            self.assertFalse(description["access_token"]["searchable"], model)
            # what a person groups by stays
            other = "stage_id" if model == "kp.commitment" else "meeting_id"
            self.assertTrue(description[other]["groupable"], model)

"""The app's menus as each role sees them: few entries in the bar, each
name saying what it opens, no two entries of the same name, in Finnish and
Swedish too, and every screen with a readable address."""

from odoo.tests import TransactionCase, tagged

from .common import KpFixtures

KP = "kumppanuuspoyta"
# what fits the bar of a 1366 px laptop in Finnish beside the app's name
# (the tour test_menu_tour.py checks it in Chromium)
MAX_TOP_ENTRIES = 7
LANGS = ("en_US", "fi_FI", "sv_SE")


@tagged("post_install", "-at_install")
class TestMenus(KpFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        cls._load_swedish()
        cls.users = cls._role_users(
            "kp_menus", ("participant", "coordinator", "manager")
        )

    def _menus(self, user, lang):
        """The app's menus ``user`` sees, in ``lang``: {id: menu}."""
        menus = (
            self.env["ir.ui.menu"]
            .with_user(user)
            .with_context(lang=lang)
            .load_menus(False)
        )
        root = next(m for m in menus.values() if m.get("xmlid") == f"{KP}.kp_menu_root")
        found, todo = {}, list(root["children"])
        while todo:
            menu = menus[todo.pop(0)]
            found[menu["id"]] = menu
            todo += menu["children"]
        return root, found

    def test_few_entries_in_the_bar(self):
        for role, user in self.users.items():
            root, _menus = self._menus(user, "fi_FI")
            self.assertLessEqual(len(root["children"]), MAX_TOP_ENTRIES, role)
        root, menus = self._menus(self.users["manager"], "en_US")
        self.assertEqual(
            [menus[menu_id]["name"] for menu_id in root["children"]],
            [
                "Tables",
                "Meetings",
                "Commitments",
                "Joint Activities",
                "Reporting",
                "Configuration",
            ],
        )

    def test_entries_have_distinct_names_in_every_language(self):
        """No two entries that open something share a name (the records and
        their analysis under Reporting did), in English, Finnish or
        Swedish, and every name is translated."""
        english = {}
        for lang in LANGS:
            for role, user in self.users.items():
                _root, menus = self._menus(user, lang)
                leaves = [m for m in menus.values() if m["action_id"]]
                names = [m["name"] for m in leaves]
                duplicates = {name for name in names if names.count(name) > 1}
                self.assertFalse(duplicates, f"{role} in {lang}")
                for menu in menus.values():
                    if lang == "en_US":
                        english[menu["id"]] = menu["name"]
                    else:
                        self.assertNotEqual(
                            menu["name"], english[menu["id"]], f"{lang}: untranslated"
                        )

    def test_occurrences_say_what_they_are(self):
        """ "Kerrat" alone did not say what it lists."""
        menu = self.env.ref(f"{KP}.kp_menu_occurrences")
        self.assertEqual(menu.with_context(lang="fi_FI").name, "Kerrat ja vastuuvuorot")
        self.assertEqual(menu.parent_id, self.env.ref(f"{KP}.kp_menu_top_joint"))

    def test_every_screen_has_an_address(self):
        """Every window the addon opens in the main area has a path, so its
        address reads /odoo/partnership-table-... instead of
        /odoo/action-192."""
        actions = self.env["ir.actions.act_window"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", KP), ("model", "=", "ir.actions.act_window")])
            .mapped("res_id")
        )
        screens = actions.filtered(lambda a: a.target != "new")
        self.assertGreaterEqual(len(screens), 20)
        self.assertFalse(
            [a.get_external_id()[a.id] for a in screens if not a.path],
            "window actions without a path",
        )
        _root, menus = self._menus(self.users["manager"], "en_US")
        for menu in menus.values():
            if menu["action_model"] == "ir.actions.act_window":
                action = self.env["ir.actions.act_window"].browse(menu["action_id"])
                self.assertTrue(action.path or action.target == "new", menu["name"])

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KpCommon


@tagged("post_install", "-at_install")
class TestTable(KpCommon):
    def test_default_meeting_length_bounds(self):
        table = self._table()
        self.assertEqual(table.default_duration, 1.5)
        for bad in (0, -1, 8.01, 24):
            with self.subTest(length=bad), self.assertRaises(ValidationError) as err:
                table.default_duration = bad
                table.flush_recordset()
            self.assertIn("at most 8 hours", str(err.exception))
        table.default_duration = 8
        table.default_duration = 1
        self.assertEqual(table.default_duration, 1)

    def test_meeting_length_error_is_translated(self):
        table = self._table()
        with self.assertRaises(ValidationError) as err:
            table.with_context(lang="fi_FI").write({"default_duration": 0})
        self.assertIn("enintään 8 tuntia", str(err.exception))

    def _commit_tracking(self):
        # tracking values are written when the transaction commits
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_lifecycle_is_tracked_in_chatter(self):
        table = self._table()
        self.assertEqual(table.state, "forming")
        self._commit_tracking()
        for action in (
            "action_activate",
            "action_pause",
            "action_activate",
            "action_end",
        ):
            getattr(table, action)()
            self._commit_tracking()
        self.assertEqual(table.state, "ended")
        tracked = table.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        ).sorted("id")
        self.assertEqual(
            [(t.old_value_char, t.new_value_char) for t in tracked],
            [
                ("Forming", "Active"),
                ("Active", "Paused"),
                ("Paused", "Active"),
                ("Active", "Ended"),
            ],
        )
        with self.assertRaisesRegex(UserError, "cannot move from Ended to Paused"):
            table.action_pause()
        table.action_reopen()
        self.assertEqual(table.state, "active")

    def test_table_with_history_is_archived_not_deleted(self):
        table = self._table()
        self._seat(table, self.person_official)
        with self.assertRaises(UserError) as err:
            table.unlink()
        self.assertIn("Archive it instead", str(err.exception))
        table.action_archive()
        self.assertFalse(table.active)
        self.assertTrue(table.exists())
        self.assertEqual(len(table.with_context(active_test=False).participant_ids), 1)
        # a table created by mistake, without any history, may go
        empty = self._table("Virhe")
        empty.unlink()
        self.assertFalse(empty.exists())

    def test_form_creates_regional_table_with_themes(self):
        with Form(self.env["kp.table"]) as form:
            form.name = "Jäppilän kumppanuuspöytä"
            form.kind = "regional"
            form.area = "Jäppilä"
            form.cadence = "quarterly"
            form.residents_participate = True
            with form.theme_ids.new() as theme:
                theme.name = "Kylätiet"
            with form.theme_ids.new() as theme:
                theme.name = "Koulukuljetukset"
        table = form.record
        self.assertEqual(
            table.theme_ids.mapped("name"), ["Kylätiet", "Koulukuljetukset"]
        )
        self.assertEqual(table.company_id, self.env.company)

    def test_partner_smart_button_counts_tables(self):
        table_a = self._table("A")
        table_b = self._table("B")
        self._seat(table_a, self.person_official)
        self._seat(table_b, self.person_official)
        left = self._seat(table_b, self.person_volunteer)
        left.action_leave()
        self.assertEqual(self.person_official.kp_table_count, 2)
        self.assertEqual(self.org_city.kp_table_count, 2)
        self.assertEqual(self.person_volunteer.kp_table_count, 0)
        action = self.org_city.action_view_kp_tables()
        self.assertEqual(
            self.env["kp.table"].search(action["domain"]), table_a | table_b
        )


@tagged("post_install", "-at_install")
class TestInvisibleTitles(KpCommon):
    def test_a_title_of_invisible_characters_is_empty(self):
        with self.assertRaisesRegex(ValidationError, "cannot be empty"):
            self._table("\u200b\u200b\ufeff")
        # visible text with a soft hyphen stays as typed
        self.assertEqual(self._table("Kylä\u00adtiet").name, "Kylä\u00adtiet")

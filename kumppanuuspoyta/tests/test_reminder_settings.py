from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KpCommon


@tagged("post_install", "-at_install")
class TestReminderSettings(KpCommon):
    """A manager of the tables sets the reminder days of their municipality
    without being an administrator; nobody else does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_other_company()

    def _save(self, user, days, company=None):
        env = self.env(user=user)
        settings = env["kp.reminder.settings"].create(
            {"company_id": (company or user.company_id).id, "reminder_days": days}
        )
        return settings.action_save()

    def test_manager_sets_reminder_days(self):
        self.assertFalse(self.user_manager.has_group("base.group_system"))
        settings = self.env(user=self.user_manager)["kp.reminder.settings"].create({})
        self.assertEqual(settings.company_id, self.company)
        self.assertEqual(settings.reminder_days, self.company.kp_reminder_days)
        self._save(self.user_manager, 7)
        self.assertEqual(self.company.kp_reminder_days, 7)
        # the other municipality keeps its own
        self.assertEqual(self.other_company.kp_reminder_days, 3)

    def test_others_may_not(self):
        for user in (self.user_participant, self.user_coordinator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._save(user, 9)
        # the other municipality's manager cannot change this one's
        with self.assertRaises(AccessError):
            self._save(self.user_other, 9, company=self.company)
        self.assertEqual(self.company.kp_reminder_days, 3)

    def test_out_of_range_refused_in_finnish(self):
        env = self.env(user=self.user_manager, context={"lang": "fi_FI"})
        settings = env["kp.reminder.settings"].create({"reminder_days": 61})
        with (
            self.assertRaisesRegex(ValidationError, "0–60 päivää"),
            self.env.cr.savepoint(),
        ):
            settings.action_save()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.kp_reminder_days, 3)

    def test_manager_of_both_municipalities_chooses(self):
        self.user_manager.company_ids |= self.other_company
        self._save(self.user_manager, 10, company=self.other_company)
        self.assertEqual(self.other_company.kp_reminder_days, 10)
        self.assertEqual(self.company.kp_reminder_days, 3)

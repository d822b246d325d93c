from datetime import timedelta

from odoo import api, fields, models

# "due soon": a deadline from the table's today to this many days ahead
DUE_SOON_DAYS = 7


class KpCommitment(models.Model):
    """A commitment's deadline: overdue and due soon on the table's days, and
    the reminders before the deadline and once when it has passed."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.commitment"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    is_due_soon = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_due_soon",
        string="Due within 7 Days",
        help="Open, with a deadline from today to 7 days ahead (the table's days).",
    )
    reminded_before_deadline = fields.Date(
        readonly=True,
        copy=False,
        help="The deadline the advance reminder was sent for.",
    )
    reminded_overdue = fields.Date(
        readonly=True,
        copy=False,
        help="The deadline the overdue reminder was sent for.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_is_overdue(self):
        # a deadline is a day of the table: compared with the table's today
        todays = {table: table._today() for table in self.table_id}
        for commitment in self:
            today = todays.get(commitment.table_id) or commitment.table_id._today()
            deadline = commitment.state == "open" and commitment.deadline
            commitment.is_overdue = bool(deadline and deadline < today)
            commitment.is_due_soon = bool(
                deadline and today <= deadline <= today + timedelta(days=DUE_SOON_DAYS)
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        overdue = self.env["kp.table"]._today_domain(
            lambda today: [("state", "=", "open"), ("deadline", "<", today)]
        )
        return overdue if True in value else ~overdue

    def _search_is_due_soon(self, operator, value):
        if operator != "in":
            return NotImplemented
        due = self.env["kp.table"]._today_domain(
            lambda today: [
                ("state", "=", "open"),
                ("deadline", ">=", today),
                ("deadline", "<=", today + timedelta(days=DUE_SOON_DAYS)),
            ]
        )
        return due if True in value else ~due

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self):
        """E-mail the responsible person before the deadline and once when overdue.

        Each threshold is remembered with the deadline it was sent for, so
        reruns never send twice and a moved deadline is reminded again.
        """
        before = self.env.ref("kumppanuuspoyta.kp_mail_template_commitment_due")
        overdue = self.env.ref("kumppanuuspoyta.kp_mail_template_commitment_overdue")
        open_ones = self.search(
            [
                ("state", "=", "open"),
                ("deadline", "!=", False),
                ("responsible_partner_id", "!=", False),
            ]
        )
        # each commitment on its table's day, whatever the server's date
        todays = {table: table._today() for table in open_ones.table_id}
        for commitment in open_ones:
            days = commitment.company_id.kp_reminder_days
            today = todays[commitment.table_id]
            if commitment.deadline < today:
                if commitment.reminded_overdue != commitment.deadline:
                    commitment._remind(overdue)
                    commitment.reminded_overdue = commitment.deadline
            elif commitment.deadline - timedelta(days=days) <= today:
                if commitment.reminded_before_deadline != commitment.deadline:
                    commitment._remind(before)
                    commitment.reminded_before_deadline = commitment.deadline

    def _remind(self, template):
        # a reply "valmis" marks it done, any other a comment
        self._kp_notify_with_template(
            template, self.responsible_partner_id, reply_purpose="commitment"
        )
        if self.responsible_user_id and not self.responsible_user_id.share:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.deadline,
                summary=self.env._("Commitment due: %(what)s", what=self.name),
                user_id=self.responsible_user_id.id,
            )

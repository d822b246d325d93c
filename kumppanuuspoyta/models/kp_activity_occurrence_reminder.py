from datetime import timedelta

from odoo import api, fields, models


class KpActivityOccurrence(models.Model):
    """The reminder of a turn: the responsible organisation's contact is told
    some days (the municipality's turn reminder days, counted in the table's
    days) before its turn, once per start."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.activity.occurrence"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    reminded_start = fields.Datetime(
        readonly=True, copy=False, help="The start the reminder was sent for."
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _cron_send_turn_reminders(self):
        """E-mail the responsible organisation's contact some days (the
        municipality's turn reminder days) before its turn, once per start.

        Days are the table's: a turn on Friday reminded 3 days ahead is
        reminded from Tuesday, at whatever hour the job runs."""
        now = fields.Datetime.now()
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_turn_reminder")
        ((most,),) = (
            self.env["res.company"]
            .sudo()
            ._read_group([], aggregates=["kp_turn_reminder_days:max"])
        )
        # a day more than the most reminder days: the rest of the last
        # day, in any time zone
        days = (most or 7) + 1
        coming = self.search(
            [
                ("state", "=", "planned"),
                ("start", ">", now),
                ("start", "<=", now + timedelta(days=days)),
            ]
        )
        todays = {table: table._today() for table in coming.table_id}
        for occurrence in coming:
            if occurrence.reminded_start == occurrence.start:
                continue
            table = occurrence.table_id
            ahead = timedelta(days=occurrence.company_id.kp_turn_reminder_days)
            if table._to_local(occurrence.start).date() - ahead > todays[table]:
                continue
            if occurrence.contact_partner_id:
                # a reply confirms the turn
                occurrence._kp_notify_with_template(
                    template, occurrence.contact_partner_id, reply_purpose="turn"
                )
            occurrence.reminded_start = occurrence.start

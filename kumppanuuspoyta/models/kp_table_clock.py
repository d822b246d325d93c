from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.fields import Domain

from .kp_table import DEFAULT_TZ


class KpTable(models.Model):
    """A table's clock: its time zone's local time and its one "today"
    (docs/clock.md). Every default, comparison and display of a day in the
    addon goes through these."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _to_local(self, utc_datetime):
        """A naive UTC datetime as the naive local time of the table's zone."""
        self.ensure_one()
        zone = pytz.timezone(self.tz or DEFAULT_TZ)
        return pytz.utc.localize(utc_datetime).astimezone(zone).replace(tzinfo=None)

    def _to_utc(self, local_datetime):
        """A naive local time of the table's zone as a naive UTC datetime."""
        self.ensure_one()
        zone = pytz.timezone(self.tz or DEFAULT_TZ)
        return zone.localize(local_datetime).astimezone(pytz.utc).replace(tzinfo=None)

    def _now_local(self):
        """The time now at the table: naive, in its time zone. No table (a
        record whose table is not chosen yet): the municipality's
        (``res.company._kp_now_local``)."""
        if not self:
            return self.env.company._kp_now_local()
        return self._to_local(fields.Datetime.now())

    def _today(self):
        """Today at the table: the date now in its time zone.

        The one "today" of the addon: defaults, deadlines, overdue and
        reminders, turns and the reports compare a table's dates with this,
        never with the user's or the server's (UTC) date, so every reader
        and every job agree on the day. Search domains use
        ``_today_domain``."""
        return self._now_local().date()

    @api.model
    def _today_domain(self, condition, path="table_id"):
        """A domain comparing with each table's today: ``condition(today)``
        (a domain) for the records whose table (at ``path``) is in a time
        zone where the date now is ``today``, over every zone the tables of
        the database use (one query for the zones, whoever searches)."""
        tables = self.sudo().with_context(active_test=False)
        by_day = defaultdict(list)
        for (tz,) in tables._read_group([], ["tz"]):
            by_day[tables.new({"tz": tz})._today()].append(tz)
        if len(by_day) < 2:
            return Domain(condition(next(iter(by_day), None) or self._today()))
        return Domain.OR(
            Domain(path, "in", tables._search([("tz", "in", zones)]))
            & Domain(condition(day))
            for day, zones in by_day.items()
        )

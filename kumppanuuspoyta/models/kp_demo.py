from datetime import date, timedelta

from odoo import api, models

from ..tools.calendar import is_working_day


class KpDemo(models.AbstractModel):
    """The dates of the demo data (demo/*.xml): days counted from the day
    the demo is installed, moved onto Finnish working days, so that no demo
    meeting or turn falls on a weekend or a public holiday whatever day it
    is installed. The XML calls it as ``<field name="start" model="kp.demo"
    eval="obj()._working_datetime(14, '08:00:00')"/>`` (``obj`` is the
    browse of the field's ``model`` in an XML ``eval``)."""

    _name = "kp.demo"
    _description = "Demo Data Dates"

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _working_day(self, days):
        """Today and ``days`` days, as a working day: a day in the past moves
        back (it stays past), a coming one forward (it stays coming)."""
        day = date.today() + timedelta(days=days)
        step = timedelta(days=-1 if days < 0 else 1)
        while not is_working_day(day):
            day += step
        return day

    @api.model
    def _working_date(self, days):
        """_working_day as the XML writes a date."""
        return self._working_day(days).isoformat()

    @api.model
    def _working_datetime(self, days, time):
        """_working_day at ``time`` (UTC, 'HH:MM:SS'), as the XML writes a
        datetime. The demo's times are in the day of Finland's time zone
        (06:00-20:00 UTC), so the day is the same there."""
        return f"{self._working_day(days).isoformat()} {time}"

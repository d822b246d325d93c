import datetime

import pytz
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime

from odoo import models
from odoo.tools.misc import babel_locale_parse, formatLang, get_lang

from .kp_table import DEFAULT_TZ

# Finnish and Finland-Swedish write a day as 12.3.2027 and a time as 10.00
# ("ti 12.3.2027 klo 10.00", "tis 12.3.2027 kl. 10.00"). Odoo ships Swedish
# as Sweden writes it (sv_SE: 2027-03-12), and its Finnish pads the day and
# the month (12.03.2027): these two languages have their patterns here.
PATTERNS = {
    "fi": {
        "day": "d.M.yyyy",
        "weekday": "EEE d.M.yyyy",
        "time": "H.mm",
        "join": "{1} 'klo' {0}",
    },
    "sv": {
        "day": "d.M.yyyy",
        "weekday": "EEE d.M.yyyy",
        "time": "H.mm",
        "join": "{1} 'kl.' {0}",
    },
}


class KpTable(models.Model):
    """How a table writes its dates and numbers for a reader: one formatter
    per kind, as ``event.event._get_date_range_str`` is the one place an
    event's dates become text. The portal, the e-mail templates, the minutes,
    the closing report, the reminders and the messages call these, on the
    table of what they print (or on an empty ``kp.table`` where there is no
    table):

    - a meeting time (``_format_meeting_time``): the weekday, the day and the
      time, "ti 12.3.2027 klo 10.00", with the end "–11.30" when given, in
      the table's time zone unless ``tz`` names another (e-mails pass the
      recipient's own zone first);
    - a day (``_format_day``): "12.3.2027"; a deadline is a day, and the
      word "by" (fi "mennessä", sv "senast") belongs to the sentence;
    - a number in a message (``_format_number``): "-5", "1,5", "100 000".

    English and other languages read the day as the medium date of their
    locale ("Mar 12, 2027"), as Odoo's ``format_date(..., "medium")``, and
    the time on the 24-hour clock Finland reads ("Tue, Mar 12, 2027,
    10:00")."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _format_meeting_time(self, start, stop=None, tz=None, lang=None):
        """A meeting's (or an occurrence's) time: naive UTC ``start`` (and
        ``stop``) as the reader reads them, in ``tz`` or the table's zone."""
        if not start:
            return ""
        patterns, locale = self._format_patterns(lang)
        zone = self._format_zone(tz)
        local_start = self._format_local(start, zone)
        join = patterns["join"].replace("{1}", patterns["weekday"])
        text = babel_format_datetime(
            local_start, join.replace("{0}", patterns["time"]), locale=locale
        )
        if stop:
            local_stop = self._format_local(stop, zone)
            end = patterns["time"]
            if local_stop.date() != local_start.date():
                end = join.replace("{0}", patterns["time"])
            text += "–" + babel_format_datetime(local_stop, end, locale=locale)
        return text

    def _format_day(self, value, tz=None, lang=None):
        """A day (a date, or a naive UTC datetime's day in ``tz`` or the
        table's zone) as the reader writes it: 12.3.2027."""
        if not value:
            return ""
        if isinstance(value, str):
            value = (
                datetime.date.fromisoformat(value)
                if len(value) <= 10
                else datetime.datetime.fromisoformat(value)
            )
        if isinstance(value, datetime.datetime):
            value = self._format_local(value, self._format_zone(tz)).date()
        patterns, locale = self._format_patterns(lang)
        return babel_format_date(value, patterns["day"], locale=locale)

    def _format_number(self, value, lang=None, digits=2):
        """A number in a message as the reader writes it: no decimals when it
        is whole ("-5", not "-5.0"), the language's separators ("1,5",
        "100 000" in Finnish)."""
        env = self.with_context(lang=lang).env if lang else self.env
        if isinstance(value, float) and not value.is_integer():
            text = formatLang(env, value, digits=digits)
            return text.rstrip("0").rstrip(get_lang(env).decimal_point)
        return formatLang(env, int(value), digits=0)

    def _format_patterns(self, lang=None):
        """The patterns of the reader's language (``lang`` or the
        environment's) and its babel locale."""
        lang_data = get_lang(self.env, lang or self.env.lang)
        locale = babel_locale_parse(lang_data.code)
        patterns = PATTERNS.get(locale.language)
        if patterns:
            return patterns, locale
        return {
            "day": locale.date_formats["medium"].pattern,
            "weekday": locale.datetime_skeletons["yMMMEd"].pattern,
            "time": "HH:mm",
            "join": str(locale.datetime_formats["medium"]),
        }, locale

    def _format_zone(self, tz=None):
        """The time zone ``tz``, else the table's, else its municipality's."""
        name = tz or (self.tz if len(self) == 1 else None) or self._default_tz()
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.timezone(DEFAULT_TZ)

    def _format_local(self, value, zone):
        """A naive UTC datetime (or its string) in ``zone``."""
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        return pytz.utc.localize(value).astimezone(zone)

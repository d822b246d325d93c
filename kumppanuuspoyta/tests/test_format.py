"""One formatter per kind of date (issue #19), and values in messages as
people write them (issue #20, point 15): kp.table._format_meeting_time,
_format_day and _format_number, and no second place that formats a date."""

import re
from datetime import date, datetime
from pathlib import Path

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import KpFixtures

ADDON = Path(__file__).resolve().parents[1]
# what a literal date pattern (babel's or Odoo's) looks like in a template
LITERAL_PATTERN = re.compile(
    r"dt_format|date_format|'format'\s*:|EEE|d\.M\.y|dd/MM|MM/dd|HH:mm|H\.mm"
)

DATE_FORMATTING = re.compile(
    r"format_date\(|format_datetime\(|strftime\(|Datetime\.to_string\("
)


@tagged("post_install", "-at_install")
class TestFormatters(KpFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        cls._load_swedish()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.table = cls._table("Muotoilupöytä", tz="Europe/Helsinki")

    def test_meeting_time_in_each_language(self):
        # Tuesday 12 March 2030, 10.00-11.30 in Helsinki (UTC+2)
        start, stop = datetime(2030, 3, 12, 8, 0), datetime(2030, 3, 12, 9, 30)
        for lang, alone, both in (
            ("fi_FI", "ti 12.3.2030 klo 10.00", "ti 12.3.2030 klo 10.00–11.30"),
            ("sv_SE", "tis 12.3.2030 kl. 10.00", "tis 12.3.2030 kl. 10.00–11.30"),
            ("en_US", "Tue, Mar 12, 2030, 10:00", "Tue, Mar 12, 2030, 10:00–11:30"),
        ):
            with self.subTest(lang=lang):
                self.assertEqual(
                    self.table._format_meeting_time(start, lang=lang), alone
                )
                self.assertEqual(
                    self.table._format_meeting_time(start, stop, lang=lang), both
                )
        # the reader's language by default; another zone when asked
        fi = self.table.with_context(lang="fi_FI")
        self.assertEqual(fi._format_meeting_time(start), "ti 12.3.2030 klo 10.00")
        self.assertEqual(
            fi._format_meeting_time(start, tz="Europe/Stockholm"),
            "ti 12.3.2030 klo 9.00",
        )
        # past midnight the end carries its own day
        self.assertEqual(
            fi._format_meeting_time(
                datetime(2030, 3, 12, 20, 0), datetime(2030, 3, 12, 23, 0)
            ),
            "ti 12.3.2030 klo 22.00–ke 13.3.2030 klo 1.00",
        )

    def test_day_in_each_language(self):
        for lang, expected in (
            ("fi_FI", "1.1.2030"),
            ("sv_SE", "1.1.2030"),
            ("en_US", "Jan 1, 2030"),
        ):
            with self.subTest(lang=lang):
                self.assertEqual(
                    self.table._format_day(date(2030, 1, 1), lang=lang), expected
                )
        # a moment's day is the table's: 23.30 UTC is already tomorrow
        fi = self.table.with_context(lang="fi_FI")
        self.assertEqual(fi._format_day(datetime(2029, 12, 31, 23, 30)), "1.1.2030")
        self.assertEqual(fi._format_day("2030-01-01"), "1.1.2030")
        self.assertEqual(fi._format_day(False), "")
        # without a table: the municipality's zone
        self.assertEqual(
            self.env["kp.table"]
            .with_context(lang="fi_FI")
            ._format_day(datetime(2029, 12, 31, 23, 30)),
            "1.1.2030",
        )

    def test_numbers_as_people_write_them(self):
        fi = self.table.with_context(lang="fi_FI")
        self.assertEqual(fi._format_number(-5.0), "-5")
        self.assertEqual(fi._format_number(1.5), "1,5")
        self.assertEqual(fi._format_number(100000), "100\N{NO-BREAK SPACE}000")
        self.assertEqual(self.table._format_number(1.25, lang="en_US"), "1.25")

    def test_messages_print_values_as_people_write_them(self):
        fi = self.env(context=dict(self.env.context, lang="fi_FI"))
        seat = self._seat(self.table, self.person_official)
        with self.assertRaises(ValidationError) as caught:
            seat.with_env(fi).write(
                {"joined_date": date(2030, 3, 5), "left_date": date(2030, 1, 1)}
            )
        message = str(caught.exception)
        self.assertIn("1.1.2030", message)
        self.assertIn("5.3.2030", message)
        self.assertNotIn("2030-01-01", message)
        kind = self.env.ref("kumppanuuspoyta.kp_contribution_kind_volunteer_hours")
        with self.assertRaises(ValidationError) as caught:
            self.env["kp.contribution"].with_env(fi).create(
                {
                    "table_id": self.table.id,
                    "organisation_id": self.org_city.id,
                    "kind_id": kind.id,
                    "quantity": -5,
                }
            )
        self.assertIn("(-5)", str(caught.exception))
        self.assertNotIn("-5.0", str(caught.exception))


@tagged("post_install", "-at_install")
class TestOnePlaceFormatsDates(TransactionCase):
    """No template carries a date pattern of its own, and no Python but the
    table's formatters formats a date: a second place is a second format."""

    def test_no_literal_date_pattern_in_a_template(self):
        found = []
        for path in sorted(ADDON.rglob("*.xml")):
            if "demo" in path.parts:
                continue  # dates of the demo data, not how a date reads
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if LITERAL_PATTERN.search(line):
                    found.append(f"{path.relative_to(ADDON)}:{number}: {line.strip()}")
        self.assertEqual(found, [])
        # the check catches what the templates had
        for line in (
            "format_datetime(object.event_id.start, dt_format='EEEE d.M.yyyy HH:mm')",
            "t-options=\"{'widget': 'datetime', 'format': 'd.M.yyyy'}\"",
            "format_datetime(object.start, dt_format='short')",
        ):
            self.assertRegex(line, LITERAL_PATTERN)

    def test_no_date_formatting_outside_the_formatters(self):
        found = []
        for folder in ("models", "controllers", "wizards", "report", "tools"):
            for path in sorted((ADDON / folder).rglob("*.py")):
                if path.name == "kp_table_format.py":
                    continue
                text = path.read_text("utf-8")
                for number, line in enumerate(text.splitlines(), 1):
                    # a calendar action's default start is a value, not a
                    # text for a reader
                    if DATE_FORMATTING.search(line) and "default_start" not in line:
                        found.append(f"{path.relative_to(ADDON)}:{number}")
        self.assertEqual(found, [])

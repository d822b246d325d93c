#!/usr/bin/env python3
"""The log gate: fails when an Odoo log file holds a WARNING, ERROR or CRITICAL.

Usage: check_log.py LOGFILE [LOGFILE ...]

Every record of an Odoo log file starts with a line such as::

    2026-11-28 04:00:00,123 1234 WARNING dbname odoo.addons.x: message - - -

and continues, for multi-line messages and tracebacks, with lines that lack
that prefix. A record at level WARNING, ERROR or CRITICAL fails the gate; the
offending records are printed with their line numbers and the exit status is 1.

Exactly one warning is tolerated: the one Odoo's report engine logs
(``odoo.addons.base.models.ir_actions_report``, ``_logger.warning("wkhtmltopdf:
%s", err)``) when wkhtmltopdf runs with an unpatched Qt and its standard error
holds nothing but notices such as ``The switch --header-spacing, is not
support using unpatched qt, and will be ignored.``. Anything else in that
message - another notice, an error, a network failure - fails the gate.

A missing or unreadable log file, a log file without any record and text
before the first record fail as well: a gate that saw nothing passes nothing.
"""

import re
import sys
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")

RECORD = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) (?P<pid>\d+) "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+?): ?(?P<message>.*)$"
)

BAD_LEVELS = {"WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"}

WKHTMLTOPDF_LOGGER = "odoo.addons.base.models.ir_actions_report"
WKHTMLTOPDF_SWITCH = (
    r"The switch --[A-Za-z0-9][A-Za-z0-9-]*, is not support using unpatched qt, "
    r"and will be ignored\."
)
# Odoo's log format ends every record with " %(perf_info)s": "- - -" outside a
# request, "<queries> <query time> <other time>" inside one, sometimes followed
# by the cursor mode.
PERF_INFO = r"(?:\d+ \d+\.\d+ \d+\.\d+|- - -)(?: \S+)?"
WKHTMLTOPDF_UNPATCHED_QT = re.compile(
    rf"wkhtmltopdf: (?:{WKHTMLTOPDF_SWITCH}\s*)+(?:{PERF_INFO})?\s*\Z"
)


class Record:
    def __init__(self, lineno, level, logger, lines):
        self.lineno = lineno
        self.level = level
        self.logger = logger
        self.lines = lines  # the record's lines as in the file (ANSI removed)

    @property
    def message(self):
        first = RECORD.match(self.lines[0])
        return "\n".join([first.group("message"), *self.lines[1:]])


def parse(text):
    """Returns (records, stray) where stray are (lineno, line) before any record."""
    records, stray = [], []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = ANSI.sub("", raw)
        match = RECORD.match(line)
        if match:
            records.append(
                Record(lineno, match.group("level"), match.group("logger"), [line])
            )
        elif records:
            records[-1].lines.append(line)
        elif line.strip():
            stray.append((lineno, line))
    return records, stray


def is_tolerated(record):
    """The wkhtmltopdf/unpatched-Qt notice, and nothing broader."""
    return (
        record.level == "WARNING"
        and record.logger == WKHTMLTOPDF_LOGGER
        and WKHTMLTOPDF_UNPATCHED_QT.match(record.message) is not None
    )


def check_file(path):
    """Returns a list of problems (strings) found in the log file at path."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [f"{path}: the log file does not exist"]
    except OSError as exc:
        return [f"{path}: the log file cannot be read: {exc}"]
    records, stray = parse(text)
    problems = []
    if not records:
        problems.append(f"{path}: no Odoo log record at all (was logging set up?)")
    if stray:
        problems.append(f"{path}: text before the first log record:")
        problems.extend(f"{path}:{lineno}: {line}" for lineno, line in stray)
    for record in records:
        if record.level in BAD_LEVELS and not is_tolerated(record):
            problems.append(f"{path}:{record.lineno}: {record.level} record:")
            problems.extend(
                f"{path}:{record.lineno + offset}: {line}"
                for offset, line in enumerate(record.lines)
            )
    return problems


def main(argv):
    if not argv:
        sys.stderr.write(__doc__.split("\n\n", 2)[1] + "\n")
        return 2
    failed = False
    for name in argv:
        problems = check_file(name)
        if problems:
            failed = True
            print(f"check_log: {name} is not clean", file=sys.stderr)
            for problem in problems:
                print(problem)
        else:
            print(f"check_log: {name} is clean", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

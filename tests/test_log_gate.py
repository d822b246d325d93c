"""The log gate (checklog-odoo with checklog-odoo.cfg, as scripts/test runs
it) on sample Odoo logs; no Odoo needed. A WARNING, ERROR or CRITICAL record
fails the gate; only wkhtmltopdf's notice about ignored header/footer
switches passes."""

import configparser
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "checklog-odoo.cfg"
# the reliability run's gate (tests/test_reliability.py)
RELIABILITY = ROOT / "checklog-reliability.cfg"
CHECKLOG = Path(sys.executable).parent / "checklog-odoo"

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"
SWITCH = "The switch --{}, is not support using unpatched qt, and will be ignored."

CLEAN = """\
2026-11-28 04:00:00,101 4242 INFO ? odoo: Odoo version 19.0 - - -
2026-11-28 04:00:00,202 4242 INFO kp_test odoo.modules.loading: loading 1 modules \
- - -
2026-11-28 04:00:01,303 4242 INFO kp_test odoo.modules.loading: 72 modules loaded \
- - -
2026-11-28 04:00:02,404 4242 INFO kp_test odoo.addons.base.models.ir_module: \
module kumppanuuspoyta: no translation for language fi_FI - - -
2026-11-28 04:00:02,505 4242 INFO kp_test werkzeug: 127.0.0.1 - - \
"GET /odoo HTTP/1.1" 200 - 33 0.012 0.107
2026-11-28 04:00:03,606 4242 INFO kp_test odoo.service.server: Initiating shutdown
a second line of an INFO record that mentions ERROR and WARNING - - -
"""


def line(level, logger, message, db="kp_test", perf="- - -"):
    return f"2026-11-28 04:00:05,123 4242 {level} {db} {logger}: {message} {perf}\n"


def run_gate(tmp_path, content, config=CONFIG):
    path = tmp_path / "odoo.log"
    path.write_text(content, encoding="utf-8")
    return run_paths(str(path), config)


def run_paths(path, config=CONFIG):
    """The gate as scripts/test runs it, on one log file."""
    return subprocess.run(
        [str(CHECKLOG), "--no-echo", "-c", str(config), path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_passes(result):
    assert result.returncode == 0, result.stdout + result.stderr


def assert_fails(result, *expected):
    assert result.returncode != 0, result.stdout + result.stderr
    for text in expected:
        assert text in result.stdout + result.stderr


def test_clean_log_passes(tmp_path):
    assert_passes(run_gate(tmp_path, CLEAN))


def test_warning_fails_and_is_printed(tmp_path):
    bad = line("WARNING", "odoo.models", "kp.table.create() with unknown fields: x")
    result = run_gate(tmp_path, CLEAN + bad)
    assert_fails(result, "unknown fields: x", "Errors detected in log")


def test_warning_from_python_warnings_fails(tmp_path):
    bad = line("WARNING", "py.warnings", "/x.py:3: DeprecationWarning: old")
    assert_fails(run_gate(tmp_path, CLEAN + bad), "DeprecationWarning")


def test_error_with_traceback_fails(tmp_path):
    bad = (
        line(
            "ERROR", "odoo.addons.kumppanuuspoyta.tests.test_table", "FAIL: x", perf=""
        )
        + "Traceback (most recent call last):\n"
        + '  File "/work/main/kumppanuuspoyta/tests/test_table.py", line 9, in x\n'
        + "    self.assertEqual(1, 2)\n"
        + "AssertionError: 1 != 2\n"
    )
    result = run_gate(tmp_path, CLEAN + bad + line("INFO", "odoo", "after"))
    assert_fails(result, "FAIL: x", "AssertionError: 1 != 2", "Traceback")
    assert "after" not in result.stdout
    assert "Errors detected in log" in result.stderr


@pytest.mark.parametrize("level", ["CRITICAL", "ERROR", "WARNING"])
def test_every_bad_level_fails(tmp_path, level):
    assert_fails(run_gate(tmp_path, line(level, "odoo.sql_db", "bad query")))


def test_colored_log_is_read(tmp_path):
    colored = line("\x1b[1;33m\x1b[1;49mWARNING\x1b[0m", "odoo.models", "colored")
    assert_fails(run_gate(tmp_path, CLEAN + colored), "colored")


@pytest.mark.parametrize(
    "err",
    [
        SWITCH.format("header-spacing"),
        SWITCH.format("header-spacing") + "\n",
        # wkhtmltopdf writes its notices without a line break between them
        SWITCH.format("header-spacing") + SWITCH.format("header-html") + "\n",
        "\n".join(SWITCH.format(s) for s in ("header-spacing", "footer-html")),
    ],
)
def test_wkhtmltopdf_unpatched_qt_warning_passes(tmp_path, err):
    for perf in ("- - -", "41 0.019 0.350", ""):
        ok = line("WARNING", REPORT_LOGGER, f"wkhtmltopdf: {err}", perf=perf)
        assert_passes(run_gate(tmp_path, CLEAN + ok + line("INFO", "odoo", "next")))


def test_wkhtmltopdf_warning_as_odoo_formats_it_passes(tmp_path):
    """The record written through logging with Odoo 19's own log format."""

    def odoo_fields(record):
        record.pid, record.dbname, record.perf_info = 4242, "kp_test", "- - -"
        return True

    path = tmp_path / "odoo.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(odoo_fields)
    handler.setFormatter(
        logging.Formatter(
            "%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: "
            "%(message)s %(perf_info)s"
        )
    )
    # A logger outside logging's tree: nothing reaches the log of a running Odoo.
    logger = logging.Logger(REPORT_LOGGER)
    logger.addHandler(handler)
    try:
        logger.warning("wkhtmltopdf: %s", SWITCH.format("header-spacing") + "\n")
        logger.info("next record")
    finally:
        handler.close()
    assert path.read_text(encoding="utf-8").count(REPORT_LOGGER) == 2
    assert_passes(run_paths(str(path)))


def test_real_wkhtmltopdf_wording_is_recognised(tmp_path):
    """wkhtmltopdf's own notice text, when wkhtmltopdf is installed."""
    err = SWITCH.format("header-spacing")
    if shutil.which("wkhtmltopdf"):
        body = tmp_path / "body.html"
        body.write_text("<html><body>x</body></html>", encoding="utf-8")
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        proc = subprocess.run(
            [
                "wkhtmltopdf",
                "--quiet",
                "--header-spacing",
                "1",
                str(body),
                str(tmp_path / "x.pdf"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(runtime)},
        )
        if "unpatched qt" in proc.stderr:  # a patched Qt prints nothing
            err = proc.stderr
    ok = line("WARNING", REPORT_LOGGER, f"wkhtmltopdf: {err}")
    assert_passes(run_gate(tmp_path, CLEAN + ok))


@pytest.mark.parametrize(
    "err",
    [
        "Exit with code 1 due to network error: ContentNotFoundError",
        SWITCH.format("header-spacing")
        + "Exit with code 1 due to network error: ProtocolUnknownError\n",
        SWITCH.format("header-spacing")
        + "QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'",
        "The switch --header-spacing, is not supported, and will be ignored.",
        # only the header and footer switches
        SWITCH.format("margin-top"),
        SWITCH.format("header-spacing") + SWITCH.format("disable-smart-shrinking"),
        "Loading page (1/2)",
        "",
    ],
)
def test_other_wkhtmltopdf_warning_fails(tmp_path, err):
    bad = line("WARNING", REPORT_LOGGER, f"wkhtmltopdf: {err}")
    assert_fails(run_gate(tmp_path, CLEAN + bad), "wkhtmltopdf")


def test_unpatched_qt_text_fails_elsewhere(tmp_path):
    message = "wkhtmltopdf: " + SWITCH.format("header-spacing")
    for level, logger in (
        ("ERROR", REPORT_LOGGER),
        ("WARNING", "odoo.addons.kumppanuuspoyta.models.kp_table"),
    ):
        assert_fails(run_gate(tmp_path, CLEAN + line(level, logger, message)))


def test_traceback_after_tolerated_warning_fails(tmp_path):
    ok = line(
        "WARNING",
        REPORT_LOGGER,
        "wkhtmltopdf: " + SWITCH.format("footer-html"),
        perf="",
    )
    bad = ok + "Traceback (most recent call last):\nValueError: boom\n"
    assert_fails(run_gate(tmp_path, CLEAN + bad), "ValueError: boom")


def test_missing_file_fails(tmp_path):
    result = run_paths(str(tmp_path / "nowhere.log"))
    assert_fails(result, "nowhere.log")


def test_empty_log_fails(tmp_path):
    assert_fails(run_gate(tmp_path, ""), "No Odoo log record found")


def test_config_is_read(tmp_path):
    """Without the project's configuration the tolerated notice fails: the
    exception comes from checklog-odoo.cfg and nowhere else."""
    ok = line("WARNING", REPORT_LOGGER, "wkhtmltopdf: " + SWITCH.format("header-html"))
    path = tmp_path / "odoo.log"
    path.write_text(CLEAN + ok, encoding="utf-8")
    assert_passes(run_paths(str(path)))
    bare = subprocess.run(
        [str(CHECKLOG), "--no-echo", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert_fails(bare, "header-html")


def test_the_config_tolerates_one_thing():
    parser = configparser.RawConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    ignores = parser.get("checklog-odoo", "ignore").strip().splitlines()
    assert len(ignores) == 1, ignores
    assert "ir_actions_report" in ignores[0]


# --- the reliability run's gate -------------------------------------------

SERIALIZATION = (
    "2026-12-01 13:43:35,727 1392 ERROR kp_test_reliability odoo.sql_db: bad query:"
    """ b' UPDATE "kp_table"\n          SET "goal" = "__tmp"."goal"::text\n'\n"""
    "ERROR: could not serialize access due to concurrent update\n \n"
    "2026-12-01 13:43:35,729 1392 INFO kp_test_reliability odoo.service.model:"
    " SERIALIZATION_FAILURE, 4 tries left, try again in 0.0680 sec... \n"
)


def test_serialization_retry_passes_only_the_reliability_gate(tmp_path):
    """Odoo's record of a serialization failure it retried: tolerated under
    load in the reliability run, never in the normal run."""
    assert_passes(run_gate(tmp_path, CLEAN + SERIALIZATION, RELIABILITY))
    assert_fails(run_gate(tmp_path, CLEAN + SERIALIZATION), "could not serialize")


@pytest.mark.parametrize(
    "record",
    [
        # another failed query
        SERIALIZATION.replace(
            "could not serialize access due to concurrent update",
            'relation "kp_nothing" does not exist',
        ),
        # the same words from another logger
        SERIALIZATION.replace("odoo.sql_db", "odoo.addons.kumppanuuspoyta"),
        # a traceback after it, in the same record
        SERIALIZATION.replace(
            "concurrent update\n",
            "concurrent update\nTraceback (most recent call last):\n  File x\n",
        ),
        line("WARNING", "odoo.http", "CSRF validation failed on path '/my'"),
    ],
)
def test_reliability_gate_fails_on_anything_else(tmp_path, record):
    assert_fails(run_gate(tmp_path, CLEAN + record, RELIABILITY))


def test_the_reliability_config_adds_one_thing():
    """The normal gate's tolerance and the serialization record, no more."""
    ignores = {}
    for config in (CONFIG, RELIABILITY):
        parser = configparser.RawConfigParser()
        parser.read(config, encoding="utf-8")
        ignores[config] = parser.get("checklog-odoo", "ignore").strip().splitlines()
    assert ignores[RELIABILITY][: len(ignores[CONFIG])] == ignores[CONFIG]
    [extra] = ignores[RELIABILITY][len(ignores[CONFIG]) :]
    assert "could not serialize" in extra

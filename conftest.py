"""pytest set-up for the whole project.

pytest-odoo does not start Odoo's logging in Odoo 19, so the log file named in
the Odoo configuration (checked afterwards by checklog-odoo, see checklog-odoo.cfg) is
configured here. A skipped test fails the run: a browser tour that silently
did not run is not a passed test.
"""

import pytest


def pytest_configure(config):
    if config.getoption("--odoo-database", default=None):
        import odoo.netsvc  # noqa: PLC0415 - only when Odoo runs

        odoo.netsvc.init_logger()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) were skipped; every test must run.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

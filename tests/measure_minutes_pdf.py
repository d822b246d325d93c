"""A measurement, not part of the test run (scripts/measure_pdf runs it;
pytest does not collect it from tests/): does Odoo's report attachment
alone keep the minutes PDFs from hanging a server whose workers all wait
for wkhtmltopdf at once, or is the addon's inlined CSS
(kumppanuuspoyta/models/ir_actions_report.py, ``_prepare_html``) still
needed?

A copy of the test database is served by `odoo-bin` with 2 workers and a
real-time limit of LIMIT seconds per request (tests/realserver.py), first
with a copy of the addons without the CSS inliner (the method removed from
ir_actions_report.py, nothing else changed), then with the addons as they
are. Each time, the same requests, DOWNLOADS at once:

- kept: share-link holders download approved minutes whose PDF Odoo's
  report attachment keeps (the approval's job made it);
- rendered: a user prints draft minutes (``/report/pdf/...``): wkhtmltopdf
  renders in each request, and fetches the stylesheets the layout links
  from report.url, the same server.

The figures are printed and written into docs/minutes-pdf.md between its
markers, with the date of the run.
"""

import ast
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from realserver import Client, OdooServer

ROOT = Path(__file__).resolve().parents[1]
KP = "kumppanuuspoyta"
ADDONS = (KP, "kumppanuuspoyta_dashboard")
WORKERS = 2
DOWNLOADS = 3
LIMIT = int(os.environ.get("KP_MEASURE_LIMIT", "30"))
DOC = ROOT / "docs" / "minutes-pdf.md"
BEGIN = "<!-- scripts/measure_pdf: begin -->"
END = "<!-- scripts/measure_pdf: end -->"


def addons_without_inliner(dest):
    """The addons copied to dest, the CSS inliner removed: the addons path
    that serves them instead of the working tree's."""
    for name in ADDONS:
        shutil.copytree(
            ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    path = dest / KP / "models" / "ir_actions_report.py"
    tree = ast.parse(path.read_text("utf-8"))
    [report] = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    kept = [
        n
        for n in report.body
        if not (isinstance(n, ast.FunctionDef) and n.name == "_prepare_html")
    ]
    assert len(kept) == len(report.body) - 1, "no _prepare_html to remove"
    report.body = kept
    path.write_text(ast.unparse(tree), "utf-8")
    return dest


def at_once(urls, session=None, params=None):
    """GET every url at the same moment: [(status, is a PDF, seconds)]."""
    results = [None] * len(urls)

    def get(index, url):
        start = time.monotonic()
        try:
            response = (session or requests).get(
                url, params=params and params[index], timeout=LIMIT * 3
            )
            results[index] = (
                response.status_code,
                response.content[:4] == b"%PDF",
                time.monotonic() - start,
            )
        except requests.RequestException as error:
            results[index] = (type(error).__name__, False, time.monotonic() - start)

    threads = [
        threading.Thread(target=get, args=(index, url))
        for index, url in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def markdown_table(rows):
    """The rows (the first is the heading) as a Markdown table, its columns
    padded as prettier writes them (scripts/lint)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(cells):
        return (
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + " |"
        )

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])


@pytest.fixture(scope="module")
def server(pytestconfig, tmp_path_factory):
    work = tmp_path_factory.mktemp("minutes_pdf")
    odoo = OdooServer(
        pytestconfig,
        work,
        "minutes_pdf",
        options={
            "workers": WORKERS,
            "max_cron_threads": 0,
            "limit_time_real": LIMIT,
            "limit_time_cpu": 60,
        },
    )
    odoo.copy_database()
    try:
        yield odoo
    finally:
        odoo.stop()
        odoo.drop()


def run(server, label):
    """Both kinds of requests on the server as it is configured now."""
    server.start()
    try:
        admin = Client(server.url, server.db, timeout=LIMIT * 3)
        admin.login("admin", "admin")
        # as the server's job does after an approval
        admin.call(
            "ir.cron", "method_direct_trigger", [admin.ref(f"{KP}.kp_cron_minutes_pdf")]
        )
        minutes = admin.call(
            "kp.minutes", "search_read", [], ["id", "access_token"], limit=DOWNLOADS
        )
        for record in minutes:
            if not record["access_token"]:
                admin.call("kp.minutes", "_portal_ensure_token", [record["id"]])
        minutes = admin.call(
            "kp.minutes", "read", [m["id"] for m in minutes], ["access_token"]
        )
        drafts = admin.call(
            "kp.meeting",
            "search",
            [("state", "not in", ("minutes_approved", "minutes_distributed"))],
            limit=DOWNLOADS,
        )
        assert minutes and len(drafts) == DOWNLOADS
        rows = []
        for kind, urls, session, params in (
            (
                "kept",
                [
                    f"{server.url}/my/kp/minutes/{minutes[i % len(minutes)]['id']}"
                    for i in range(DOWNLOADS)
                ],
                None,
                [
                    {
                        "access_token": minutes[i % len(minutes)]["access_token"],
                        "report_type": "pdf",
                    }
                    for i in range(DOWNLOADS)
                ],
            ),
            (
                "rendered",
                [
                    f"{server.url}/report/pdf/{KP}.kp_report_minutes/{meeting}"
                    for meeting in drafts
                ],
                admin.session,
                None,
            ),
        ):
            if kind == "kept":
                # the workers load the registry at their first requests
                # (untimed); a render cannot be warmed without rendering
                at_once(urls, session, params)
            log_before = server.log.read_text().count(" timeout after ")
            results = at_once(urls, session, params)
            killed = server.log.read_text().count(" timeout after ") - log_before
            rows.append((label, kind, results, killed))
        return rows
    finally:
        server.stop()


def test_measure(server, tmp_path):
    paths = [p.strip() for p in server.source_options["addons_path"].split(",")]
    server.options["addons_path"] = ",".join(
        str(addons_without_inliner(tmp_path / "addons"))
        if Path(p).resolve() == ROOT
        else p
        for p in paths
    )
    rows = run(server, "without the inlined CSS")
    server.options.pop("addons_path")
    rows += run(server, "with the inlined CSS (the addon)")
    cells = [("server", "requests", "delivered as PDF", "slowest", "workers killed")]
    for label, kind, results, killed in rows:
        statuses = ", ".join(sorted({str(r[0]) for r in results}))
        cells.append(
            (
                label,
                f"{DOWNLOADS} × {kind}",
                f"{sum(1 for r in results if r[1])} of {len(results)} ({statuses})",
                f"{max(r[2] for r in results):.1f} s",
                str(killed),
            )
        )
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = (
        f"{BEGIN}\n\n"
        f"A run on {when}: {WORKERS} workers, `limit_time_real = {LIMIT}`, "
        f"{DOWNLOADS} requests at once.\n\n{markdown_table(cells)}\n\n{END}"
    )
    sys.stdout.write(f"\n{text}\n")
    doc = DOC.read_text("utf-8")
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    DOC.write_text(doc[:start] + text + doc[end:], "utf-8")
    by = {(label, kind): (results, killed) for label, kind, results, killed in rows}
    # the addon as it is: every request delivered, no worker killed
    for kind in ("kept", "rendered"):
        results, killed = by["with the inlined CSS (the addon)", kind]
        assert all(r[1] for r in results) and not killed, (kind, results)

"""An installation of the previous release upgraded to this one with `-u`.

The addon as the newest release before the manifest's version (listed in
`RELEASES` with its commit, so that a clone without tags finds it; a tag
`v<version>`, where the clone has it, must name the same commit) is
extracted with `git archive`, installed with its demo data and Finnish in a
database of its own, then updated with `odoo-bin -u kumppanuuspoyta` from
this working tree, as an integrator upgrades a client. Nothing may be lost
(every row of every `kp.*` model of the old release, their content
included: approved minutes stay as approved), the record rules and access
rights in force are the ones this tree defines, the e-mail templates nobody
edited read as a fresh installation's while an edited one keeps its edit,
the reminder cron stays `noupdate` on a sensible schedule, and both Odoo
logs are clean (checklog-odoo).

Without the release's commit in the clone's history the test fails: it
never skips.
"""

import ast
import configparser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
KP = "kumppanuuspoyta"
TIMEOUT = 600
# written by every update, whatever happens to the data
VOLATILE_COLUMNS = {"write_date", "write_uid"}
# the demo's people data the report checks are about (models of the release)
USER_DATA = (
    "kp.table",
    "kp.participant",
    "kp.meeting",
    "kp.agreement",
    "kp.commitment",
    "kp.minutes",
)
# columns whose data a release's migration moves elsewhere, and the test
# that checks it arrived (Odoo drops the column of a removed field)
MOVED_COLUMNS = {
    # 19.0.3.0.0: Odoo's report attachment keeps the approved version's PDF
    # (test_upgrade_serves_the_same_approved_pdfs)
    "kp.minutes": {"pdf_attachment_id"},
    # 19.0.3.0.0: each attendee's e-mail carries their own calendar file;
    # the one file a send shared (made from the event, never written by a
    # person) is no longer kept on the meeting. The files stay attached to
    # the e-mails that carried them.
    "kp.meeting": {"send_ics_id"},
}
# columns a migration changes on purpose, checked where it matters
CHANGED_ON_PURPOSE = {
    # 19.0.3.0.0 post-theme-start.py: a theme whose results came before its
    # start starts on the day of its first meeting (no theme ends before it
    # starts, checked in test_upgrade_loses_nothing; the migration itself in
    # test_themes.py::test_upgrade_moves_the_start_before_the_results)
    "kp.theme": {"date_start", "days_to_results"},
    # the counter of changes to minutes not yet approved
    # (kp.meeting._touch_minutes): the migrations' writes count too; nothing
    # a person wrote, and approved minutes are never touched
    "kp.meeting": {"minutes_revision"},
}


def _unhashed(model):
    return MOVED_COLUMNS.get(model, set()) | CHANGED_ON_PURPOSE.get(model, set())


EDITED_SUBJECT = {
    "en_US": "Our own reminder: {{ object.name }}",
    "fi_FI": "Oma muistutuksemme: {{ object.name }}",
}


def _version(text):
    return tuple(int(part) for part in text.split("."))


def _manifest_version(text):
    return ast.literal_eval(text)["version"]


def _git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout


def releases():
    """{version: commit} from RELEASES."""
    listed = {}
    for line in (ROOT / "RELEASES").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            version, commit = line.split()
            listed[version] = commit
    return listed


def previous_release():
    """(commit, version of the release, version of this tree): the newest
    release older than this tree."""
    head = _manifest_version((ROOT / KP / "__manifest__.py").read_text("utf-8"))
    older = {v: c for v, c in releases().items() if _version(v) < _version(head)}
    assert older, f"RELEASES lists no release older than {head}."
    version = max(older, key=_version)
    commit = older[version]
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    assert found.returncode == 0, (
        f"The release {version} ({commit}) is not in this clone's history: "
        "the upgrade test needs a clone with history (not --depth 1)."
    )
    tags = _git("tag", "-l", f"v{version}").decode().split()
    if tags:
        tagged = _git("rev-parse", f"v{version}^{{commit}}").decode().strip()
        assert tagged == commit, f"v{version} is {tagged}, RELEASES says {commit}"
    return commit, version, head


# --- the databases -----------------------------------------------------------


class Pg:
    def __init__(self, options):
        self.params = {
            "host": options["db_host"],
            "port": options["db_port"],
            "user": options["db_user"],
        }
        self.env = {
            **os.environ,
            "PGHOST": options["db_host"],
            "PGPORT": options["db_port"],
            "PGUSER": options["db_user"],
        }

    def query(self, db, sql, args=None):
        with psycopg2.connect(dbname=db, **self.params) as conn:
            with conn.cursor() as cr:
                cr.execute(sql, args)
                rows = cr.fetchall() if cr.description else None
        conn.close()
        return rows

    def drop(self, db):
        subprocess.run(
            ["dropdb", "--if-exists", "--force", db], env=self.env, check=True
        )


def snapshot(pg, db):
    """Every kp.* model's rows: {model: {id: md5 of the row}} and the
    columns hashed, per model."""
    models = pg.query(
        db,
        "SELECT model FROM ir_model WHERE model LIKE 'kp.%%' AND NOT transient"
        " ORDER BY model",
    )
    result = {}
    for (model,) in models:
        table = model.replace(".", "_")
        columns = pg.query(
            db,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = %s"
            " ORDER BY column_name",
            (table,),
        )
        if not columns:
            continue  # an abstract model or mixin
        result[model] = {name for (name,) in columns} - VOLATILE_COLUMNS
    return result


# languages whose translations arrived after the previous release: the
# upgrade adds them to translated fields, which is no change of a row
NEW_LANGUAGES = ("sv_SE",)
# translations an upgrade renames on purpose, {model: {column: languages}}:
# the vocabulary's drifts of issue #19 (the Business sector read as Odoo's
# word for a company; migrations/19.0.3.0.0/post-vocabulary.py)
RENAMED_TRANSLATIONS = {"kp.sector": {"name": ("fi_FI",)}}


def row_hashes(pg, db, model, columns):
    table = model.replace(".", "_")
    jsonb = {
        name
        for (name,) in pg.query(
            db,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND data_type = 'jsonb'",
            (table,),
        )
    }
    renamed = RENAMED_TRANSLATIONS.get(model, {})

    def drop(column):
        languages = NEW_LANGUAGES + renamed.get(column, ())
        return "".join(f" - '{lang}'" for lang in languages)

    cols = ", ".join(
        f'("{c}"{drop(c)})' if c in jsonb else f'"{c}"' for c in sorted(columns)
    )
    return dict(
        pg.query(db, f'SELECT id, md5(ROW({cols})::text) FROM "{table}"')  # noqa: S608
    )


def rules_in_xml():
    """{xmlid name: (domain, global, perms, groups)} of every ir.rule in the
    addon's security files."""
    rules = {}
    for path in sorted((ROOT / KP / "security").glob("*.xml")):
        for record in etree.parse(str(path)).iter("record"):
            if record.get("model") != "ir.rule":
                continue
            fields = {f.get("name"): f for f in record.iter("field")}
            domain = fields.get("domain_force")
            perms = tuple(
                _xml_bool(fields.get(f"perm_{p}"), True)
                for p in ("read", "write", "create", "unlink")
            )
            groups = fields.get("groups")
            refs = (
                set(re.findall(r"ref\('([\w.]+)'\)", groups.get("eval")))
                if groups is not None
                else set()
            )
            refs = {r if "." in r else f"{KP}.{r}" for r in refs}
            rules[record.get("id")] = (
                " ".join((domain.text or "").split()) if domain is not None else None,
                perms,
                refs,
            )
    return rules


def _xml_bool(field, default):
    if field is None:
        return default
    value = field.get("eval", field.text)
    return value.strip() not in ("False", "0", "false")


def rules_in_db(pg, db):
    rows = pg.query(
        db,
        """SELECT d.name, r.domain_force, r.perm_read, r.perm_write, r.perm_create,
                  r.perm_unlink, r.active,
                  ARRAY(SELECT gd.module || '.' || gd.name
                          FROM rule_group_rel rg
                          JOIN ir_model_data gd ON gd.model = 'res.groups'
                                               AND gd.res_id = rg.group_id
                         WHERE rg.rule_group_id = r.id)
             FROM ir_rule r
             JOIN ir_model_data d ON d.model = 'ir.rule' AND d.res_id = r.id
            WHERE d.module = %s""",
        (KP,),
    )
    return {
        name: (" ".join((domain or "").split()), tuple(perms), set(groups), active)
        for name, domain, *perms, active, groups in rows
    }


def templates(pg, db):
    rows = pg.query(
        db,
        """SELECT d.name, t.subject, t.body_html, d.noupdate
             FROM mail_template t
             JOIN ir_model_data d ON d.model = 'mail.template' AND d.res_id = t.id
            WHERE d.module = %s""",
        (KP,),
    )
    return {name: (subject, body, noupdate) for name, subject, body, noupdate in rows}


def cron(pg, db):
    [row] = pg.query(
        db,
        """SELECT d.noupdate, c.active, c.interval_number, c.interval_type, c.nextcall
             FROM ir_cron c
             JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
            WHERE d.module = %s AND d.name = 'kp_cron_commitment_reminders'""",
        (KP,),
    )
    return row


# Run by `odoo-bin shell` before and after the update: each approved
# version's PDF as the version's report serves it (sha256), and the
# attachment kept of it (looked up before printing, so a new render is not
# taken for the kept file). The release before 19.0.3.0.0 kept it in
# kp.minutes.pdf_attachment_id, 19.0.3.0.0 as Odoo's report attachment.
APPROVED_PDFS = """
import hashlib, json
cron = env.ref("kumppanuuspoyta.kp_cron_minutes_pdf", raise_if_not_found=False)
if cron and FIRST:
    cron.method_direct_trigger()  # as the server's job does after approval
    env.cr.commit()
result = {}
for minutes in env["kp.minutes"].search([]):
    if "pdf_attachment_id" in minutes._fields:
        kept = minutes.pdf_attachment_id
    else:
        kept = minutes._kp_kept_pdf()
    pdf, kind = env["ir.actions.report"]._render_qweb_pdf(
        "kumppanuuspoyta.kp_report_minutes_version", minutes.ids
    )
    result[minutes.id] = [kind, hashlib.sha256(pdf).hexdigest(), kept.id]
env.cr.commit()
print("KP_APPROVED_PDFS=" + json.dumps(result))
"""


# --- the upgrade -------------------------------------------------------------


@pytest.fixture(scope="module")
def setting(pytestconfig):
    conf_path = pytestconfig.getoption("--odoo-config")
    test_db = pytestconfig.getoption("--odoo-database")
    assert conf_path and test_db, "run by scripts/test (pytest-odoo options)"
    source = configparser.ConfigParser()
    source.read(conf_path)
    return source["options"], test_db


@pytest.fixture(scope="module")
def upgraded(setting, tmp_path_factory):
    """The previous release installed with demo data and Finnish, snapshot
    taken, then updated to this tree; dropped at the end."""
    options, test_db = setting
    commit, release, head = previous_release()
    work = tmp_path_factory.mktemp("upgrade")
    old_addons = work / "addons"
    old_addons.mkdir()
    archive = _git("archive", "--format=tar", commit, KP)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(old_addons, filter="data")
    old_version = _manifest_version(
        (old_addons / KP / "__manifest__.py").read_text("utf-8")
    )
    assert old_version == release, (
        f"{commit} carries the manifest version {old_version}, RELEASES says {release}"
    )

    paths = [p.strip() for p in options["addons_path"].split(",")]
    assert any(Path(p).resolve() == ROOT for p in paths), paths
    old_paths = [str(old_addons) if Path(p).resolve() == ROOT else p for p in paths]
    pg = Pg(options)
    db = f"{test_db}_upgrade"
    odoo_bin = Path(os.environ["ODOO_SRC"]) / "odoo-bin"

    def configure(addons_path, log):
        conf = work / f"{log}.conf"
        conf.write_text(
            "[options]\n"
            f"addons_path = {','.join(addons_path)}\n"
            f"data_dir = {work / 'data'}\n"
            f"db_host = {options['db_host']}\ndb_port = {options['db_port']}\n"
            f"db_user = {options['db_user']}\n"
            f"db_name = {db}\ndbfilter = ^{db}$\nlist_db = False\n"
            f"logfile = {work / log}\nlog_level = info\nmax_cron_threads = 0\n"
            "http_interface = 127.0.0.1\n",
            encoding="utf-8",
        )
        return conf

    def run(addons_path, log, *args):
        conf = configure(addons_path, log)
        result = subprocess.run(
            [
                sys.executable,
                str(odoo_bin),
                "-c",
                str(conf),
                "-d",
                db,
                "--stop-after-init",
                "--no-http",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, (
            f"odoo-bin {' '.join(args)} failed:\n{result.stderr[-3000:]}\n"
            f"{(work / log).read_text('utf-8')[-5000:]}"
        )
        return work / log

    def approved_pdfs(addons_path, log, first):
        """{version id: [report type, sha256 of the PDF, kept attachment]}"""
        conf = configure(addons_path, log)
        result = subprocess.run(
            [sys.executable, str(odoo_bin), "shell", "-c", str(conf), "-d", db]
            + ["--no-http"],
            input=f"FIRST = {first}\n{APPROVED_PDFS}",
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        lines = [
            line
            for line in result.stdout.splitlines()
            if line.startswith("KP_APPROVED_PDFS=")
        ]
        assert result.returncode == 0 and lines, (
            f"odoo-bin shell failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            f"\n{(work / log).read_text('utf-8')[-5000:]}"
        )
        return json.loads(lines[-1].split("=", 1)[1])

    pg.drop(db)
    try:
        install_log = run(
            old_paths,
            "install.log",
            "-i",
            KP,
            "--with-demo",
            # Finnish, as the previous release's demo server had it: the
            # upgrade brings the Swedish its new demo data needs
            "--load-language",
            "fi_FI",
        )
        # the release's job keeps the PDFs of the demo's approved minutes
        pdfs_before = approved_pdfs(old_paths, "pdfs-before.log", True)
        before_columns = snapshot(pg, db)
        before = {
            # the columns a migration moves are checked where they went
            model: row_hashes(pg, db, model, cols - _unhashed(model))
            for model, cols in before_columns.items()
        }
        # a manager edits one template's subject in the old release
        [(manager,)] = pg.query(db, "SELECT id FROM res_users WHERE login = 'admin'")
        pg.query(
            db,
            """UPDATE mail_template
                  SET subject = %s::jsonb, write_uid = %s
                WHERE id = (SELECT res_id FROM ir_model_data WHERE module = %s
                              AND name = 'kp_mail_template_commitment_overdue')""",
            (json.dumps(EDITED_SUBJECT), manager, KP),
        )
        cron_before = cron(pg, db)
        upgrade_log = run(paths, "upgrade.log", "-u", KP)
        after_columns = snapshot(pg, db)
        after = {
            model: row_hashes(
                pg,
                db,
                model,
                (before_columns[model] & after_columns.get(model, set()))
                - _unhashed(model),
            )
            for model in before_columns
        }
        pdfs_after = approved_pdfs(paths, "pdfs-after.log", False)
        yield {
            "pg": pg,
            "db": db,
            "test_db": test_db,
            "release": release,
            "head": head,
            "before_columns": before_columns,
            "before": before,
            "after": after,
            "pdfs": (pdfs_before, pdfs_after),
            "common": {
                model: before_columns[model] & after_columns.get(model, set())
                for model in before_columns
            },
            "cron_before": cron_before,
            "logs": (
                install_log,
                upgrade_log,
                work / "pdfs-before.log",
                work / "pdfs-after.log",
            ),
        }
    finally:
        pg.drop(db)
        shutil.rmtree(work / "data", ignore_errors=True)


def test_upgrade_updates_the_installed_version(upgraded):
    pg, db = upgraded["pg"], upgraded["db"]
    assert _version(upgraded["head"]) > _version(upgraded["release"]), (
        "the manifest's version must be above the last release's"
    )
    [(state, version)] = pg.query(
        db,
        "SELECT state, latest_version FROM ir_module_module WHERE name = %s",
        (KP,),
    )
    assert (state, version) == ("installed", upgraded["head"])


def test_upgrade_loses_nothing(upgraded):
    before, after = upgraded["before"], upgraded["after"]
    for model in USER_DATA:
        assert before.get(model), f"the old release's demo has no {model} rows"
    lost = {}
    for model, rows in before.items():
        missing = set(rows) - set(after[model])
        if missing:
            lost[model] = sorted(missing)
    assert not lost, f"rows lost in the upgrade: {lost}"
    # the rows themselves: every column the old release had is still there
    # with the same value (approved minutes as approved, commitments, ...)
    for model, cols in upgraded["before_columns"].items():
        dropped = cols - upgraded["common"][model] - MOVED_COLUMNS.get(model, set())
        assert not dropped, f"{model} lost its columns {sorted(dropped)}"
    changed = {
        model: [rid for rid, digest in rows.items() if after[model].get(rid) != digest]
        for model, rows in before.items()
    }
    changed = {model: ids for model, ids in changed.items() if ids}
    assert not changed, f"rows changed by the upgrade: {changed}"
    # the theme the migration moved: none ends before it starts
    assert not upgraded["pg"].query(
        upgraded["db"],
        "SELECT id FROM kp_theme WHERE results_date < date_start",
    )


def test_upgrade_resolves_the_vocabulary_and_keeps_the_reminders(upgraded):
    """The Business sector reads Elinkeinoelämä, not Odoo's Yritys (its
    English stays); turns are reminded as many days ahead as before, now
    by a setting of their own (issue #19)."""
    [(name,)] = upgraded["pg"].query(
        upgraded["db"],
        "SELECT name FROM kp_sector WHERE id = (SELECT res_id FROM ir_model_data"
        " WHERE module = %s AND name = 'kp_sector_business')",
        (KP,),
    )
    assert name["en_US"] == "Business"
    assert name["fi_FI"] == "Elinkeinoelämä"
    rows = upgraded["pg"].query(
        upgraded["db"],
        "SELECT kp_reminder_days, kp_turn_reminder_days FROM res_company",
    )
    assert rows and all(turn == commitment for commitment, turn in rows), rows


def test_upgrade_serves_the_same_approved_pdfs(upgraded):
    """Approved minutes never change: each approved version's PDF, as the
    previous release kept and served it, is the file Odoo's report
    attachment serves after the upgrade, byte for byte, never rendered
    again (19.0.3.0.0's migration)."""
    before, after = upgraded["pdfs"]
    assert before, "the old release's demo has no approved minutes"
    assert all(kind == "pdf" and kept for kind, _sha, kept in before.values()), (
        f"the old release did not keep every approved version's PDF: {before}"
    )
    assert after == before


def test_upgrade_loads_the_new_demo_data_in_its_language(upgraded):
    """The previous release's demo database (Finnish only) gets this
    release's Swedish-speaking participant, Swedish with her."""
    pg, db = upgraded["pg"], upgraded["db"]
    [(active,)] = pg.query(db, "SELECT active FROM res_lang WHERE code = 'sv_SE'")
    assert active, "Swedish is not active after the upgrade of a demo database"
    rows = pg.query(
        db, "SELECT lang FROM res_partner WHERE name = %s", ("Linnea Sjöberg",)
    )
    assert rows == [("sv_SE",)], rows


def test_upgrade_puts_the_current_rules_in_force(upgraded):
    in_db = rules_in_db(upgraded["pg"], upgraded["db"])
    in_xml = rules_in_xml()
    assert set(in_db) == set(in_xml), (
        f"rules only in the database: {sorted(set(in_db) - set(in_xml))}; "
        f"only in the addon: {sorted(set(in_xml) - set(in_db))}"
    )
    wrong = {}
    for name, (domain, perms, groups) in in_xml.items():
        db_domain, db_perms, db_groups, active = in_db[name]
        if (db_domain, db_perms, db_groups, active) != (domain, perms, groups, True):
            wrong[name] = {"addon": (domain, perms, groups), "database": in_db[name]}
    assert not wrong, f"rules not as the addon defines them: {wrong}"
    # updatable from now on: the next -u applies the next change
    stale = upgraded["pg"].query(
        upgraded["db"],
        "SELECT name FROM ir_model_data WHERE module = %s AND model = 'ir.rule'"
        " AND noupdate",
        (KP,),
    )
    assert not stale, f"rules still noupdate: {stale}"


def test_upgrade_puts_the_current_access_rights_in_force(upgraded):
    pg = upgraded["pg"]
    query = """SELECT d.name, m.model, a.perm_read, a.perm_write, a.perm_create,
                      a.perm_unlink, gd.module || '.' || gd.name
                 FROM ir_model_access a
                 JOIN ir_model_data d ON d.model = 'ir.model.access' AND d.res_id = a.id
                 JOIN ir_model m ON m.id = a.model_id
            LEFT JOIN ir_model_data gd
                   ON gd.model = 'res.groups' AND gd.res_id = a.group_id
                WHERE d.module = %s AND a.active"""
    fresh = set(pg.query(upgraded["test_db"], query, (KP,)))
    assert fresh
    assert set(pg.query(upgraded["db"], query, (KP,))) == fresh


def test_upgrade_renews_the_templates_nobody_edited(upgraded):
    old = templates(upgraded["pg"], upgraded["db"])
    fresh = templates(upgraded["pg"], upgraded["test_db"])
    assert set(old) == set(fresh)
    edited = "kp_mail_template_commitment_overdue"
    kept = {
        lang: text for lang, text in old[edited][0].items() if lang in EDITED_SUBJECT
    }
    assert kept == EDITED_SUBJECT, "the manager's edit was lost"
    for name, (subject, body, _noupdate) in fresh.items():
        assert old[name][2] is True, f"{name} no longer noupdate"
        if name == edited:
            continue
        # in the languages the upgraded database has (the fresh test database
        # has Swedish too)
        languages = set(old[name][0]) | set(old[name][1])
        subject = {lang: text for lang, text in subject.items() if lang in languages}
        body = {lang: text for lang, text in body.items() if lang in languages}
        assert old[name][0] == subject, f"{name}: subject not the current one"
        assert old[name][1] == body, f"{name}: body not the current one"
        assert "fi_FI" in old[name][1], f"{name}: no Finnish body"


def test_upgrade_keeps_the_cron_noupdate_on_its_schedule(upgraded):
    noupdate, active, number, unit, nextcall = cron(upgraded["pg"], upgraded["db"])
    assert noupdate and active and (number, unit) == (1, "days")
    # the schedule it had: the update neither moves nor resets it
    assert nextcall == upgraded["cron_before"][4]
    # a daily schedule: the previous release scheduled its first run for
    # "tomorrow 04:00 UTC", up to 28 hours ahead when installed before 04:00
    now = datetime.now(UTC).replace(tzinfo=None)
    assert now - timedelta(days=1) < nextcall <= now + timedelta(hours=28)


def test_fresh_install_schedules_the_reminders_for_the_morning(setting):
    """The first run is the next 04:00 UTC, at whatever hour the addon is
    installed (before 04:00, that morning's, not the next day's)."""
    options, test_db = setting
    noupdate, active, number, unit, nextcall = cron(Pg(options), test_db)
    assert noupdate and active and (number, unit) == (1, "days")
    assert (nextcall.hour, nextcall.minute) == (4, 0), nextcall
    [(installed,)] = Pg(options).query(
        test_db,
        """SELECT c.create_date FROM ir_cron c
             JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
            WHERE d.module = %s AND d.name = 'kp_cron_commitment_reminders'""",
        (KP,),
    )
    assert installed < nextcall <= installed + timedelta(hours=24), (
        installed,
        nextcall,
    )


def test_upgrade_logs_are_clean(upgraded):
    checklog = Path(sys.executable).with_name("checklog-odoo")
    for log in upgraded["logs"]:
        result = subprocess.run(
            [
                str(checklog),
                "--no-echo",
                "-c",
                str(ROOT / "checklog-odoo.cfg"),
                str(log),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{log.name}:\n{result.stdout}{result.stderr}"

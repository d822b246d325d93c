"""Translations are refreshed with click-odoo-makepot (scripts/makepot): run
on the test database into a copy of the addon, it gives the committed .pot,
and its msgmerge keeps fi.po and sv.po complete (every msgid translated,
placeholders and template expressions kept: scripts/lint_data.py's policy
check)."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

import odoo

ROOT = Path(__file__).resolve().parents[1]
ADDON = "kumppanuuspoyta"
# the addon and its dashboard bridge, as scripts/makepot refreshes them
MODULES = (ADDON, "kumppanuuspoyta_dashboard")
MAKEPOT = Path(sys.executable).parent / "click-odoo-makepot"


def load_lint_data():
    spec = importlib.util.spec_from_file_location(
        "kp_lint_data", ROOT / "scripts" / "lint_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entries(path):
    return {
        (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(e.msgstr_plural.items()))
        for e in polib.pofile(str(path))
        if not e.obsolete
    }


def makepot(addons_dir):
    """click-odoo-makepot as scripts/makepot runs it, into addons_dir."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p
        for p in (str(Path(next(iter(odoo.__path__))).parent), env.get("PYTHONPATH"))
        if p
    )
    result = subprocess.run(
        [
            str(MAKEPOT),
            "-c",
            odoo.tools.config["config"],
            "-d",
            odoo.tools.config["db_name"][0],
            "--addons-dir",
            str(addons_dir),
            "--modules",
            ",".join(MODULES),
            "--msgmerge",
            "--no-fuzzy-matching",
            "--purge-old-translations",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_makepot_keeps_the_pot_current_and_fi_po_sv_po_complete(tmp_path):
    for module in MODULES:
        shutil.copytree(
            ROOT / module,
            tmp_path / module,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    makepot(tmp_path)
    lint_data = load_lint_data()
    assert lint_data.LANGUAGES == ("fi", "sv")
    assert lint_data.ADDONS == MODULES
    for module in MODULES:
        exported = tmp_path / module / "i18n"
        assert entries(exported / f"{module}.pot") == entries(
            ROOT / module / "i18n" / f"{module}.pot"
        ), f"{module}: the .pot is not what click-odoo-makepot exports"
        for lang in lint_data.LANGUAGES:
            assert entries(exported / f"{lang}.po") == entries(
                ROOT / module / "i18n" / f"{lang}.po"
            ), f"msgmerge changed {module}'s {lang}.po: run scripts/makepot and commit"
        assert lint_data.Linter(tmp_path, module).run() == []
    i18n = tmp_path / ADDON / "i18n"

    # a new string in the .pot arrives untranslated, and the check fails,
    # in either language
    for lang in lint_data.LANGUAGES:
        po = polib.pofile(str(i18n / f"{lang}.po"))
        po.append(polib.POEntry(msgid="A string nobody translated yet", msgstr=""))
        po.save(str(i18n / f"{lang}.po"))
        findings = lint_data.Linter(tmp_path).run()
        assert any(
            f"{lang}.po" in f and "untranslated msgid 'A string nobody" in f
            for f in findings
        ), findings
        po.remove(po.find("A string nobody translated yet"))
        po.save(str(i18n / f"{lang}.po"))


def test_sv_po_missing_is_a_finding(tmp_path):
    """Swedish is required like Finnish: no sv.po, no clean lint."""
    shutil.copytree(
        ROOT / ADDON, tmp_path / ADDON, ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / ADDON / "i18n" / "sv.po").unlink()
    findings = load_lint_data().Linter(tmp_path).run()
    assert any("sv.po: missing translation file" in f for f in findings), findings

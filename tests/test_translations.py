"""Translations are refreshed with click-odoo-makepot (scripts/makepot): run
on the test database into a copy of the addon, it gives the committed .pot,
and its msgmerge keeps fi.po and sv.po complete (every msgid translated,
placeholders and template expressions kept: scripts/lint_data.py's policy
check). It leaves i18n_extra/ alone: there the addon ships Swedish that
Odoo's own calendar/i18n/sv.po lacks (its e-mail bodies), each msgid Odoo's
own, to be removed once Odoo translates it."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

import odoo

ROOT = Path(__file__).resolve().parents[1]
ADDON = "kumppanuuspoyta"
EXTRA_SV = ROOT / ADDON / "i18n_extra" / "sv.po"
# the addon and its bridges, as scripts/makepot refreshes them
MODULES = (ADDON, "kumppanuuspoyta_dashboard", "kumppanuuspoyta_ahjo")
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
    # click-odoo-makepot (--purge-old-translations) touches i18n/ only
    extra = tmp_path / ADDON / "i18n_extra" / "sv.po"
    assert extra.read_bytes() == EXTRA_SV.read_bytes()
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


def test_extra_sv_po_is_what_odoo_leaves_untranslated():
    """Every entry of i18n_extra/sv.po is a msgid of the module its reference
    names, byte for byte, that this Odoo's own sv.po leaves empty: once Odoo
    translates one (or changes its text), this fails, and the entry goes."""
    extra = polib.pofile(str(EXTRA_SV))
    assert len(extra) == 8
    for entry in extra:
        [module] = set(re.findall(r"module: (\w+)", entry.comment))
        theirs = {
            e.msgid: e
            for e in polib.pofile(odoo.tools.misc.file_path(f"{module}/i18n/sv.po"))
            if not e.obsolete
        }
        refs = [ref for ref, _line in entry.occurrences]
        assert entry.msgid in theirs, f"{refs}: not Odoo's msgid (any more)"
        odoo_entry = theirs[entry.msgid]
        assert not odoo_entry.msgstr, f"{refs}: Odoo translates it now, remove ours"
        assert refs == [ref for ref, _line in odoo_entry.occurrences], refs
        assert all(ref.split(":")[-1].startswith(f"{module}.") for ref in refs)


def test_extra_sv_po_markup_change_is_a_finding(tmp_path):
    """Only the words of an e-mail body are translated: a tag, attribute or
    template expression of the translation that differs from Odoo's body is
    a finding of scripts/lint_data.py, and so is an empty translation."""
    shutil.copytree(
        ROOT / ADDON, tmp_path / ADDON, ignore=shutil.ignore_patterns("__pycache__")
    )
    lint_data = load_lint_data()
    assert lint_data.Linter(tmp_path).run() == []
    path = tmp_path / ADDON / "i18n_extra" / "sv.po"
    po = polib.pofile(str(path))
    bodies = [e for e in po if e.msgid.startswith("<div")]
    assert len(bodies) == 5
    changed, emptied = bodies[0], bodies[1]
    assert "<strong t-out=" in changed.msgstr
    changed.msgstr = changed.msgstr.replace("<strong t-out=", "<b t-out=", 1)
    emptied.msgstr = ""
    po.save(str(path))
    findings = lint_data.Linter(tmp_path).run()
    (reference, _line), *_ = changed.occurrences
    assert any(reference in f and "the markup differs" in f for f in findings), findings
    assert any("untranslated msgid" in f for f in findings), findings

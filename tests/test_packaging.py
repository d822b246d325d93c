"""The addon and its bridges (dashboard, Ahjo) build as wheels with whool
(their pyproject.toml).

whool packages the files git tracks, nothing else. Two builds:

- from the checkout itself, with the README's command: the wheel holds
  exactly the addon's tracked files (untracked files in a work tree stay out);
- from a snapshot of the addon as it would be committed (tracked files plus
  untracked ones that .gitignore does not exclude) in a scratch git
  repository: the wheel has everything an installation needs. In a fresh
  clone, where everything is committed, both builds hold the same files.
"""

import ast
import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the addon and its bridges, each a wheel of its own
ADDONS = ("kumppanuuspoyta", "kumppanuuspoyta_dashboard", "kumppanuuspoyta_ahjo")
NOT_PACKAGED = {"pyproject.toml", "PKG-INFO"}
# what an installation of each needs
REQUIRED = {
    "kumppanuuspoyta": [
        "__init__.py",
        "__manifest__.py",
        "security/ir.model.access.csv",
        "i18n/fi.po",
        "i18n/sv.po",
        # Swedish of Odoo's calendar e-mails that Odoo's own sv.po lacks
        "i18n_extra/sv.po",
        "static/description/icon.png",
    ],
    "kumppanuuspoyta_dashboard": [
        "__init__.py",
        "__manifest__.py",
        "data/dashboards.xml",
        "data/files/kp_partnership_tables_dashboard.json",
        "i18n/fi.po",
        "i18n/sv.po",
        "static/description/icon.png",
    ],
    "kumppanuuspoyta_ahjo": [
        "__init__.py",
        "__manifest__.py",
        "models/kp_decision_handoff.py",
        "data/kp_ahjo_cron.xml",
        "views/kp_decision_handoff_views.xml",
        "i18n/fi.po",
        "i18n/sv.po",
        "static/description/icon.png",
    ],
}


def git(*args, cwd=ROOT):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def git_files(addon, *options):
    out = git("ls-files", "-z", *options, "--", addon)
    return {f[len(addon) + 1 :] for f in out.split("\0") if f}


def has_commits(cwd=ROOT):
    return (
        subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"],
            cwd=cwd,
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )


def build_wheel(addon, repo, out, env_extra=None):
    """The README's packaging command, run in repo."""
    prefix = f"odoo/addons/{addon}/"
    wheel_name = re.compile(
        rf"^odoo_addon_{addon}-19\.0(\.\d+)+(\.dev\d+)?-py3-none-any\.whl$"
    )
    env = dict(os.environ, **(env_extra or {}))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        + ["--no-index", "-w", str(out), f"./{addon}"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(Path(out).glob("*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    assert wheel_name.match(wheel.name), wheel.name
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert all(
        n.startswith(prefix) or n.split("/")[0].endswith(".dist-info") for n in names
    ), names
    return {n[len(prefix) :] for n in names if n.startswith(prefix)}


def wheel_metadata(out):
    """The wheel's METADATA as the email parser reads it (as pip does)."""
    (wheel,) = Path(out).glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(name).decode("utf-8")
    return text, email.message_from_string(text, policy=email.policy.default)


def assert_readable_metadata(addon, out):
    text, metadata = wheel_metadata(out)
    manifest = ast.literal_eval(
        (ROOT / addon / "__manifest__.py").read_text(encoding="utf-8")
    )
    # header values as written, not RFC 2047-encoded words
    assert "=?" not in text.split("\n\n", 1)[0], text[:800]
    assert metadata["Author"] == manifest["author"]
    assert metadata["Name"] == f"odoo-addon-{addon}"
    assert metadata["Summary"] == manifest["summary"]
    # the long description is the generated README.rst
    readme = (ROOT / addon / "README.rst").read_text(encoding="utf-8")
    assert metadata.get_payload().strip() == readme.strip()


def assert_installable(addon, files):
    required = REQUIRED[addon]
    missing = [f for f in required if f not in files]
    assert not missing, f"missing from the wheel: {missing}"
    if addon == "kumppanuuspoyta":
        assert any(re.fullmatch(r"models/\w+\.py", f) for f in files), "no models"
        assert any(re.fullmatch(r"views/\w+\.xml", f) for f in files), "no views"
    assert not [f for f in files if f.endswith(".pyc") or "__pycache__" in f]


@pytest.mark.parametrize("addon", ADDONS)
def test_pyproject_uses_whool(addon):
    text = (ROOT / addon / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'requires\s*=\s*\["whool"\]', text)
    assert re.search(r'build-backend\s*=\s*"whool\.buildapi"', text)


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_from_checkout_holds_exactly_the_tracked_files(addon, tmp_path):
    tracked = {f for f in git_files(addon, "--cached") if (ROOT / addon / f).is_file()}
    if "__manifest__.py" not in tracked:
        # Nothing of the addon is in git yet: whool has nothing to package
        # here; the snapshot test below builds it as it will be committed.
        sys.stdout.write(f"{addon} is not tracked by git yet; see the snapshot build\n")
        return
    # Before the first commit whool cannot read the version history.
    env = {} if has_commits() else {"WHOOL_POST_VERSION_STRATEGY_OVERRIDE": "none"}
    files = build_wheel(addon, ROOT, tmp_path / "dist", env)
    assert files == tracked - NOT_PACKAGED
    untracked = git_files(addon, "--others")
    assert not files & untracked, "untracked files must not be packaged"


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_from_committed_snapshot_is_installable(addon, tmp_path):
    repo = tmp_path / "clone"
    files = {
        f
        for f in git_files(addon, "--cached")
        | git_files(addon, "--others", "--exclude-standard")
        if (ROOT / addon / f).is_file()
    }
    assert "__manifest__.py" in files, f"no {addon}/__manifest__.py"
    for rel in files:
        target = repo / addon / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / addon / rel, target)
    # a stray file that git does not know must stay out of the wheel
    (repo / addon / "stray-notes.txt").write_text("not committed\n", encoding="utf-8")
    git("init", "-q", cwd=repo)
    git("add", "--", *(f"{addon}/{f}" for f in sorted(files)), cwd=repo)
    packaged = build_wheel(
        addon, repo, tmp_path / "dist", {"WHOOL_POST_VERSION_STRATEGY_OVERRIDE": "none"}
    )
    assert packaged == files - NOT_PACKAGED
    assert "stray-notes.txt" not in packaged
    assert_installable(addon, packaged)
    assert_readable_metadata(addon, tmp_path / "dist")

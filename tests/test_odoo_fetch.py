"""A first run on a machine without Odoo: scripts/common.sh fetches it.

A small git repository stands in for github.com/odoo/odoo: Odoo's own
source (the one this run uses, ODOO_SRC) without its addons, on a branch
19.0, beside a newer default branch that is not Odoo 19. With
KP_ODOO_GIT_URL pointing at it (file://) and no Odoo in the usual places,
kp_find_odoo makes a shallow clone of 19.0 into the cache and uses it; the
next run finds it there. kp_venv_odoo then installs that Odoo into a virtual
environment (pip install -e), so `import odoo` works there and pip sees
odoo 19.0, which the addon wheel requires. The environment is a fresh venv
that reads the project's cached environment's packages through a .pth file
(pip, setuptools, Odoo's requirements), so no package index is needed.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 180


def _run(args, **kwargs):
    return subprocess.run(
        args, capture_output=True, text=True, timeout=TIMEOUT, check=False, **kwargs
    )


def _git(repo, *args):
    result = _run(["git", "-C", str(repo), *args])
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _copy_core(src, dest):
    """Odoo's source without its addons (the server, setup.py, odoo-bin)
    and the manifest of one addon, which tells Odoo's tree apart."""
    dest.mkdir(parents=True)
    with tarfile.open(dest / ".core.tar", "w") as tar:
        for entry in src.iterdir():
            if entry.name in ("addons", ".git"):
                continue
            tar.add(
                entry,
                arcname=entry.name,
                filter=lambda info: (
                    None if info.name.startswith("odoo/addons/") else info
                ),
            )
    with tarfile.open(dest / ".core.tar") as tar:
        tar.extractall(dest, filter="data")
    (dest / ".core.tar").unlink()
    (dest / "addons" / "mail").mkdir(parents=True)
    shutil.copy(src / "addons" / "mail" / "__manifest__.py", dest / "addons" / "mail")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    """A git repository laid out as Odoo's: branch 19.0 and a newer master."""
    odoo_src = Path(os.environ["ODOO_SRC"])
    repo = tmp_path_factory.mktemp("odoo-upstream") / "odoo"
    _copy_core(odoo_src, repo)
    setup_script = repo / "setup" / "odoo"
    if not setup_script.exists():  # Odoo's repository has it; copies may not
        setup_script.parent.mkdir(exist_ok=True)
        shutil.copy(repo / "odoo-bin", setup_script)
    _git(repo, "init", "-q", "-b", "19.0")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "19.0")
    _git(repo, "checkout", "-q", "-b", "master")
    release = repo / "odoo" / "release.py"
    release.write_text(
        release.read_text("utf-8").replace(
            "version_info = (19, ", "version_info = (20, "
        ),
        "utf-8",
    )
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "20")
    return repo


def _common(script, work, **env):
    """Runs `script` after sourcing scripts/common.sh, on a machine where
    Odoo is in none of the usual places."""
    environ = {
        **os.environ,
        "KP_CACHE": str(work / "cache"),
        "KP_LOCAL": str(work / "local"),
        "KP_ODOO_PLACES": "",
    }
    environ.pop("ODOO_SRC", None)
    environ.update(env)
    return _run(
        ["bash", "-c", f"source scripts/common.sh; {script}"], cwd=ROOT, env=environ
    )


def test_first_run_clones_odoo_19_into_the_cache(upstream, tmp_path):
    url = upstream.as_uri()
    first = _common('kp_find_odoo; echo "$ODOO_SRC"', tmp_path, KP_ODOO_GIT_URL=url)
    assert first.returncode == 0, first.stderr
    fetched = tmp_path / "cache" / "odoo-19.0"
    assert first.stdout.strip() == str(fetched)
    assert f"fetching it from {url}" in first.stderr
    assert (fetched / "odoo-bin").is_file()
    assert "version_info = (19, " in (fetched / "odoo" / "release.py").read_text()
    assert _git(fetched, "rev-parse", "--is-shallow-repository") == "true"
    assert _git(fetched, "rev-parse", "--abbrev-ref", "HEAD") == "19.0"
    assert not (tmp_path / "cache" / "odoo-19.0.partial").exists()
    # the next run finds it in the cache and fetches nothing
    again = _common('kp_find_odoo; echo "$ODOO_SRC"', tmp_path, KP_ODOO_GIT_URL=url)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == str(fetched)
    assert "fetching" not in again.stderr


def test_an_odoo_src_that_does_not_exist_yet_is_where_odoo_goes(upstream, tmp_path):
    target = tmp_path / "my-odoo"
    result = _common(
        'kp_find_odoo; echo "$ODOO_SRC"',
        tmp_path,
        KP_ODOO_GIT_URL=upstream.as_uri(),
        ODOO_SRC=str(target),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert (target / "odoo-bin").is_file()


def test_an_odoo_src_holding_something_else_stops_untouched(upstream, tmp_path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("keep me")
    result = _common(
        "kp_find_odoo",
        tmp_path,
        KP_ODOO_GIT_URL=upstream.as_uri(),
        ODOO_SRC=str(other),
    )
    assert result.returncode != 0
    assert f"ODOO_SRC={other} is not an Odoo 19 source checkout" in result.stderr
    assert sorted(p.name for p in other.iterdir()) == ["todo.txt"]


def test_a_clone_that_fails_leaves_nothing_behind(tmp_path):
    result = _common(
        "kp_find_odoo",
        tmp_path,
        KP_ODOO_GIT_URL=(tmp_path / "nowhere").as_uri(),
    )
    assert result.returncode != 0
    assert "Could not clone Odoo from" in result.stderr
    assert not list((tmp_path / "cache").glob("odoo-19.0*"))


def _venv(path):
    """A fresh virtual environment that also reads this environment's
    packages (pip, setuptools, wheel, Odoo's requirements)."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(path)],
        check=True,
        timeout=TIMEOUT,
    )
    python = path / "bin" / "python"
    site = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    )
    (Path(site.stdout.strip()) / "kp_parent.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return python


def _clean_env():
    """The environment without scripts/test's PYTHONPATH (Odoo's source)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def _installed_odoo(python):
    show = _run([str(python), "-m", "pip", "show", "odoo"], env=_clean_env())
    assert show.returncode == 0, show.stderr
    fields = dict(
        line.split(": ", 1) for line in show.stdout.splitlines() if ": " in line
    )
    where = _run(
        [
            str(python),
            "-c",
            "import os, odoo.release as r;"
            " print(os.path.realpath(r.__file__)); print(r.version)",
        ],
        env=_clean_env(),
        cwd="/",
    )
    assert where.returncode == 0, where.stderr
    return fields, where.stdout.split()


@pytest.mark.parametrize("with_setup_script", [True, False])
def test_fetched_odoo_is_installed_into_the_venv(upstream, tmp_path, with_setup_script):
    """pip install -e for Odoo's repository; the same two files by hand
    for copies of Odoo without the setup/odoo script setup.py names."""
    src = tmp_path / "odoo"
    clone = _run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "-b",
            "19.0",
            upstream.as_uri(),
            str(src),
        ]
    )
    assert clone.returncode == 0, clone.stderr
    if not with_setup_script:
        shutil.rmtree(src / "setup")
    python = _venv(tmp_path / "venv")
    result = _common(
        "kp_venv_odoo",
        tmp_path,
        ODOO_SRC=str(src),
        KP_VENV=str(tmp_path / "venv"),
    )
    assert result.returncode == 0, result.stderr
    assert "Installing Odoo from" in result.stderr
    fields, (release_file, version) = _installed_odoo(python)
    assert fields["Version"] == "19.0" == version
    assert fields["Editable project location"] == str(src)
    assert release_file == str(src / "odoo" / "release.py")
    # already there: the next run leaves it alone
    again = _common(
        "kp_venv_odoo", tmp_path, ODOO_SRC=str(src), KP_VENV=str(tmp_path / "venv")
    )
    assert again.returncode == 0, again.stderr
    assert "Installing Odoo" not in again.stderr
    # the addon wheel's dependency on odoo 19.0 is met there
    check = _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "odoo==19.0.*",
        ],
        env=_clean_env(),
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Requirement already satisfied: odoo==19.0.*" in check.stdout

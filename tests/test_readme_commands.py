"""The README's two commands exist, run, and fetch Odoo when there is none."""

import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("scripts/demo", "scripts/test")


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _testing_doc():
    """The integrators' page the README links to."""
    return (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")


def code_blocks(markdown):
    return re.findall(r"^```[\w-]*\n(.*?)^```", markdown, flags=re.M | re.S)


def shell_scripts():
    scripts = []
    for folder in ("scripts", ".ci"):
        for path in sorted((ROOT / folder).iterdir()):
            if not path.is_file():
                continue
            first = path.read_text(encoding="utf-8", errors="replace").split("\n")[0]
            if path.suffix == ".sh" or re.match(r"#!.*\b(bash|sh)$", first):
                scripts.append(path)
    return scripts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_names_the_command_in_a_code_block(command):
    lines = [
        line.strip() for block in code_blocks(readme()) for line in block.splitlines()
    ]
    assert any(re.match(rf"^{re.escape(command)}(\s|$)", line) for line in lines), (
        f"README.md has no code block running {command}"
    )


@pytest.mark.parametrize("command", (*COMMANDS, "scripts/lint"))
def test_command_exists_and_is_executable(command):
    path = ROOT / command
    assert path.is_file(), command
    assert os.access(path, os.X_OK), f"{command} is not executable"
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")


def test_readme_mentions_the_demo_options_lint_and_packaging():
    text = readme()
    for needle in (
        "--reset",
        "--port",
        "http://127.0.0.1:8069",
        "admin",
        "scripts/lint",
        "pip wheel --no-deps -w dist ./kumppanuuspoyta",
        "ODOO_SRC",
    ):
        assert needle in text, f"README.md does not mention {needle}"


def test_readme_links_every_page_of_the_documentation():
    """docs/ is what the README's "Where to go next" links: a page no one
    links is a page no one finds."""
    text = readme()
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert pages
    missing = [page for page in pages if f"(docs/{page})" not in text]
    assert not missing, f"README.md links no {missing}"


def test_ci_runs_the_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    code = [ln for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")]
    assert any(re.search(r"(^|[\s/])scripts/test(\s|$)", ln) for ln in code), ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


COMMAND_CASES = pytest.mark.parametrize(
    "command",
    [("scripts/test",), ("scripts/demo", "--port", "PORT")],
    ids=["test", "demo"],
)


def run_command(command, env):
    args = [str(ROOT / command[0])] + [
        str(free_port()) if a == "PORT" else a for a in command[1:]
    ]
    result = subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


@COMMAND_CASES
def test_command_stops_on_an_odoo_src_holding_something_else(command, tmp_path):
    (tmp_path / "notes.txt").write_text("not Odoo")
    status, output = run_command(command, dict(os.environ, ODOO_SRC=str(tmp_path)))
    assert status != 0, output
    assert f"ODOO_SRC={tmp_path} is not an Odoo 19 source checkout" in output
    assert "unset it to let the scripts fetch Odoo" in output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@COMMAND_CASES
def test_command_fetches_odoo_when_there_is_none(command, tmp_path):
    """Without Odoo anywhere the commands clone it (here from a repository
    that does not exist: tests/test_odoo_fetch.py clones a real one)."""
    env = {k: v for k, v in os.environ.items() if k != "ODOO_SRC"}
    nowhere = (tmp_path / "nowhere").as_uri()
    env.update(
        KP_ODOO_PLACES="", KP_CACHE=str(tmp_path / "cache"), KP_ODOO_GIT_URL=nowhere
    )
    status, output = run_command(command, env)
    assert status != 0, output
    assert f"Odoo 19 was not found: fetching it from {nowhere} (branch 19.0)" in output
    assert f"Could not clone Odoo from {nowhere}" in output


@pytest.mark.parametrize("script", shell_scripts(), ids=lambda p: p.name)
def test_shell_script_syntax(script):
    result = subprocess.run(
        ["bash", "-n", str(script)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_shell_script_is_covered():
    names = {p.relative_to(ROOT).as_posix() for p in shell_scripts()}
    assert {
        "scripts/common.sh",
        "scripts/test",
        "scripts/demo",
        "scripts/lint",
        ".ci/run",
    } <= names


def runner_command():
    """The Odoo runner command scripts/test runs, with its variables named
    as the README names them."""
    text = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    lines = [
        line.strip()
        for line in text.splitlines()
        if "odoo-bin" in line and "--test-tags /kumppanuuspoyta" in line
    ]
    assert len(lines) == 1, lines
    command = lines[0]
    for variable, name in (
        ('python "$ODOO_SRC/odoo-bin"', "odoo-bin"),
        ('"$conf"', "CONF"),
        ('"$db"', "DB"),
        ('"$port"', "PORT"),
        (' "$@"', ""),
    ):
        assert variable in command, (variable, command)
        command = command.replace(variable, name)
    return command


def test_readme_gives_the_odoo_runner_command_scripts_test_runs():
    command = runner_command()
    assert command == (
        "odoo-bin -c CONF -d DB -i kumppanuuspoyta --test-enable "
        "--test-tags /kumppanuuspoyta --stop-after-init --http-port PORT"
    )
    lines = [
        line.strip()
        for block in code_blocks(_testing_doc())
        for line in block.splitlines()
    ]
    assert command in lines, f"docs/testing.md does not give {command!r}"
    assert "docs/testing.md" in readme(), "README.md does not link docs/testing.md"


def test_scripts_test_runs_every_test_under_both_runners():
    """Odoo's runner runs the addon's tests on a database without demo data,
    pytest-odoo runs them on one with demo data, Finnish and Swedish: every
    test runs under both runners and both kinds of database."""
    text = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    calls = [
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith("kp_odoo_runner ")
    ]
    assert calls and all("--with-demo" not in call for call in calls), calls
    assert any(call.endswith('"$port" ||') for call in calls), calls
    installs = [
        line.strip()
        for line in text.splitlines()
        if "-i kumppanuuspoyta," in line and "_ahjo --with-demo" in line
    ]
    assert any("--load-language fi_FI,sv_SE" in line for line in installs), installs
    # the runner's result is checked, and its log goes through the gate
    assert text.count("kp_runner_ran ") >= 2
    assert 'kp_gate "$RUNNER_LOG"' in text
    # pytest gets the addon's and the bridge's tests on the demo database,
    # and the project's on its copy; both logs go through the gate
    bridges = "kumppanuuspoyta_dashboard/tests kumppanuuspoyta_ahjo/tests"
    assert f'paths="kumppanuuspoyta/tests {bridges}"' in text
    assert 'kp_pytest "$CONF" "$DB" "$@" $paths' in text
    project = 'kp_pytest "$PROJECT_CONF" "$PROJECT_DB" "$@"'
    assert f"{project} --ignore=tests/test_reliability.py tests " in text
    # the load test alone, after the runs beside it are over
    alone = f"{project} tests/test_reliability.py"
    assert alone in text
    assert text.index(alone) > text.index('wait "$runner_pid"')
    assert 'kp_gate "$TESTS_LOG"' in text and 'kp_gate "$PROJECT_LOG"' in text

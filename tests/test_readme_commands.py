"""The README's two commands exist, run, and fail clearly without Odoo."""

import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("scripts/demo", "scripts/test")
ODOO_HELP = "git clone --depth 1 -b 19.0 https://github.com/odoo/odoo"


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_ci_runs_the_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    code = [ln for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")]
    assert any(re.search(r"(^|[\s/])scripts/test(\s|$)", ln) for ln in code), ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize(
    "command",
    [("scripts/test",), ("scripts/demo", "--port", "PORT")],
    ids=["test", "demo"],
)
def test_command_fails_fast_without_odoo(command):
    args = [str(ROOT / command[0])] + [
        str(free_port()) if a == "PORT" else a for a in command[1:]
    ]
    env = dict(os.environ, ODOO_SRC="/nonexistent")
    result = subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ODOO_SRC=/nonexistent is not an Odoo 19 source checkout" in output
    assert ODOO_HELP in output, output
    assert "/opt/odoo19" in output


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
        line.strip() for block in code_blocks(readme()) for line in block.splitlines()
    ]
    assert command in lines, f"README.md does not give {command!r}"


def test_scripts_test_runs_odoo_runner_with_and_without_demo():
    text = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    calls = [
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith("kp_odoo_runner ")
    ]
    assert any("--with-demo" in call for call in calls), calls
    assert any(call.endswith('"$port" ||') for call in calls), calls
    # the runner's result is checked, and its log goes through the gate
    assert text.count("kp_runner_ran ") >= 2
    assert 'kp_gate "$RUNNER_LOG"' in text

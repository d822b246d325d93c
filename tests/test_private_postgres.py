"""The demo and test commands start a private PostgreSQL when none answers."""

import os
import socket
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bash(script, env):
    return subprocess.run(
        ["bash", "-c", f"source scripts/common.sh; {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_private_postgres_starts_when_none_answers():
    local = Path(tempfile.mkdtemp(prefix="kp-local-", dir="/tmp"))
    local.chmod(0o755)  # the postgres system user runs the server when we are root
    env = dict(
        os.environ,
        KP_LOCAL=str(local),
        PGHOST="127.0.0.1",
        PGPORT=str(_free_port()),  # nothing listens there
        KP_PRIVATE_PGPORT=str(_free_port()),
    )
    env.pop("PGUSER", None)
    try:
        first = _bash('kp_postgres; psql -d postgres -tAc "SELECT 42"', env)
        assert first.returncode == 0, first.stderr
        assert first.stdout.strip() == "42"
        assert "starting a private one" in first.stderr
        assert (local / "postgres" / "PG_VERSION").is_file()
        # a second run finds the private server already running
        second = _bash('kp_postgres; echo "$PGPORT"', env)
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == env["KP_PRIVATE_PGPORT"]
        assert "starting a private one" not in second.stderr
    finally:
        stop = "pg_ctl -D {d} -m fast stop".format(d=local / "postgres")
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if bindir:
            stop = f"{bindir[-1]}/{stop}"
        if os.getuid() == 0:
            stop = f"/usr/sbin/runuser -u postgres -- {stop}"
        subprocess.run(stop, shell=True, capture_output=True, check=False)
        subprocess.run(["rm", "-rf", str(local)], check=False)

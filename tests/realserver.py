"""A real `odoo-bin` on 127.0.0.1 for the project's outside-in tests
(test_real_server.py, test_reliability.py): a copy of the database
scripts/test installed, a configuration of its own, an SMTP server of the
test, and a JSON-RPC client as the web client speaks.
"""

import configparser
import email
import email.policy
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from localservice import free_port

from odoo.addons.kumppanuuspoyta.tests.webclient import RpcError, call_kw, rpc

__all__ = ["Client", "Mailbox", "OdooServer", "RpcError", "free_port"]

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 180


class Client:
    """JSON-RPC as the web client speaks it, with its own session cookie."""

    def __init__(self, url, db, timeout=120):
        self.url, self.db, self.timeout = url, db, timeout
        self.session = requests.Session()
        self.context = {}

    def rpc(self, route, params):
        return rpc(self.session, self.url, route, params, timeout=self.timeout)

    def login(self, login, password):
        info = self.rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        self.context = dict(info["user_context"])
        self.uid = info["uid"]
        return info

    def call(self, model, method, *args, context=None, **kwargs):
        kwargs["context"] = {**self.context, **(context or {})}
        return call_kw(
            self.session, self.url, model, method, args, kwargs, timeout=self.timeout
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        [data] = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        return data["res_id"]


class Mailbox:
    """The aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        result = []
        for envelope in self.envelopes:
            message = email.message_from_bytes(
                envelope.original_content or envelope.content,
                policy=email.policy.default,
            )
            result.append((envelope.rcpt_tos, message))
        return result


class OdooServer:
    """A copy of the pytest-odoo database served by odoo-bin on a free
    loopback port; ``start()``, ``stop()``, ``restart()``, ``drop()``.

    ``options`` are added to the configuration (e.g. workers = 2);
    ``smtp_port`` is where it sends its mail.
    """

    def __init__(self, pytestconfig, work, suffix, smtp_port=None, options=None):
        source_db = pytestconfig.getoption("--odoo-database")
        conf_path = pytestconfig.getoption("--odoo-config")
        assert source_db and conf_path, "run by scripts/test (pytest-odoo options)"
        source = configparser.ConfigParser()
        source.read(conf_path)
        self.source_options = source["options"]
        self.source_db = source_db
        self.db = f"{source_db}_{suffix}"
        opts = self.source_options
        self.pg = {
            "PGHOST": opts["db_host"],
            "PGPORT": opts["db_port"],
            "PGUSER": opts["db_user"],
        }
        self.env = {**os.environ, **self.pg}
        self.work = Path(work)
        self.log = self.work / "odoo.log"
        self.conf = self.work / "odoo.conf"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.smtp_port = smtp_port or free_port()
        self.options = options or {}
        self.data_dir = Path(opts["data_dir"])
        self.process = None

    # --- the database ----------------------------------------------------

    def psql(self, sql, *, db=None):
        """Run SQL in the copy; its rows as tuples of strings."""
        result = subprocess.run(
            ["psql", "-q", "-X", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1"]
            + [db or self.db, "-c", sql],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return [tuple(line.split("\t")) for line in result.stdout.splitlines() if line]

    def copy_database(self):
        """The copy by dump and restore (the source is open in this pytest
        process), its filestore, and its links pointing to this server."""
        env = self.env
        subprocess.run(
            ["dropdb", "--if-exists", "--force", self.db], env=env, check=True
        )
        subprocess.run(["createdb", self.db], env=env, check=True)
        dump = subprocess.run(
            ["pg_dump", "--no-owner", self.source_db],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", self.db],
            input=dump.stdout,
            env=env,
            check=True,
            capture_output=True,
        )
        filestore = self.data_dir / "filestore" / self.source_db
        shutil.rmtree(self.filestore, ignore_errors=True)
        if filestore.exists():
            shutil.copytree(filestore, self.filestore)
        # links and the report's assets point to this server, whoever signs in
        settings = {
            "web.base.url": self.url,
            "web.base.url.freeze": "True",
            "report.url": self.url,
        }
        keys = ", ".join(f"'{key}'" for key in settings)
        rows = ", ".join(f"('{key}', '{value}')" for key, value in settings.items())
        self.psql(
            f"DELETE FROM ir_config_parameter WHERE key IN ({keys});"
            f" INSERT INTO ir_config_parameter (key, value) VALUES {rows};"
        )

    @property
    def filestore(self):
        return self.data_dir / "filestore" / self.db

    def drop(self):
        subprocess.run(
            ["dropdb", "--if-exists", "--force", self.db], env=self.env, check=False
        )
        shutil.rmtree(self.filestore, ignore_errors=True)

    # --- the process -----------------------------------------------------

    def write_conf(self):
        opts = self.source_options
        lines = {
            "addons_path": opts["addons_path"],
            "data_dir": self.data_dir,
            "db_host": self.pg["PGHOST"],
            "db_port": self.pg["PGPORT"],
            "db_user": self.pg["PGUSER"],
            "db_name": self.db,
            "dbfilter": f"^{self.db}$",
            "list_db": "False",
            "http_interface": "127.0.0.1",
            "http_port": self.port,
            "gevent_port": free_port(),
            "max_cron_threads": 0,
            "workers": 0,
            "smtp_server": "127.0.0.1",
            "smtp_port": self.smtp_port,
            "logfile": self.log,
            "log_level": "info",
            **self.options,
        }
        self.conf.write_text(
            "[options]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())
        )

    def start(self):
        self.write_conf()
        odoo_bin = Path(os.environ["ODOO_SRC"]) / "odoo-bin"
        self.process = subprocess.Popen(
            [sys.executable, str(odoo_bin), "-c", str(self.conf)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=(self.work / "stderr.log").open("ab"),
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.process.poll() is None, f"odoo-bin exited: see {self.log}"
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                # not listening yet: wait and ask again
                time.sleep(0.5)
            assert time.monotonic() < deadline, "odoo-bin did not start in time"
            time.sleep(1)

    def stop(self):
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def restart(self):
        self.stop()
        self.start()

    def worker_pids(self):
        """The prefork workers (children of the server process)."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def http_worker_pids(self):
        """The HTTP workers: the children but the gevent (websocket) one."""
        pids = []
        for pid in self.worker_pids():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"gevent" not in cmdline:
                pids.append(pid)
        return pids

    def kill_worker(self, pid):
        """SIGKILL one worker; the server forks another one."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def check_log(self, config="checklog-odoo.cfg"):
        """The log through checklog-odoo with the project's config: (ok, text)."""
        check = subprocess.run(
            [
                str(Path(sys.executable).with_name("checklog-odoo")),
                "--no-echo",
                "-c",
                str(ROOT / config),
                str(self.log),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        return check.returncode == 0, check.stdout + check.stderr

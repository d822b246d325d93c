"""Replies by e-mail through Odoo's own incoming mail server (issue 21).

The catchall mailbox is a real IMAP server, Debian's dovecot-imapd, run by
this test on a free port of 127.0.0.1 with a configuration and a mailbox
folder of its own (scripts/common.sh installs the package; the test fails
when it is missing). A participant's reply, as Outlook writes it, is put in
the mailbox with IMAP APPEND, as the mail server delivers it, and Odoo's
``fetchmail.server`` (IMAP, no mocks) fetches it and hands it to
``mail.thread.message_process``: the reply becomes a proposal for the
meeting's agenda, and the message is marked seen on the server.

Runs under pytest-odoo in the database scripts/test installs.
"""

import imaplib
import shutil
import subprocess
import tempfile
from pathlib import Path

from localservice import free_port, wait_for_port

from odoo.tests import tagged

from odoo.addons.kumppanuuspoyta.tests.replies_common import KpRepliesCommon

START_TIMEOUT = 30
MAILBOX = "kumppanuus"
PASSWORD = "salasana"
CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = no
auth_mechanisms = plain login
disable_plaintext_auth = no
mail_location = maildir:{folder}/mail/%n
first_valid_uid = 1
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={folder}/mail/%n
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


class ImapServer:
    """Dovecot on 127.0.0.1 with one mailbox, the catchall's."""

    def __init__(self, folder):
        dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not Path(dovecot).exists():
            raise RuntimeError(
                "dovecot is missing: install Debian's dovecot-imapd "
                "(scripts/common.sh does)"
            )
        self.folder = Path(folder)
        self.port = free_port()
        for name in ("run", "state", "mail"):
            (self.folder / name).mkdir()
        # the mailbox belongs to nobody, as dovecot refuses root's
        shutil.chown(self.folder / "mail", "nobody", "nogroup")
        self.folder.chmod(0o755)
        config = self.folder / "dovecot.conf"
        config.write_text(
            CONFIG.format(folder=self.folder, port=self.port, password=PASSWORD)
        )
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [dovecot, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        if not wait_for_port(self.port, self.process, START_TIMEOUT):
            self.stop()
            log = self.folder / "dovecot.log"
            raise RuntimeError(
                "dovecot did not start: "
                + (log.read_text() if log.exists() else "no log")
            )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def _connect(self):
        connection = imaplib.IMAP4("127.0.0.1", self.port)
        connection.login(MAILBOX, PASSWORD)
        return connection

    def deliver(self, raw):
        """Put ``raw`` in the mailbox, unread, as the mail server does."""
        connection = self._connect()
        try:
            status, _data = connection.append("INBOX", None, None, raw)
            assert status == "OK", status
        finally:
            connection.logout()

    def unseen(self):
        connection = self._connect()
        try:
            connection.select("INBOX")
            _status, [found] = connection.search(None, "UNSEEN")
            return found.split()
        finally:
            connection.logout()


@tagged("post_install", "-at_install")
class TestRepliesFromImap(KpRepliesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.mkdtemp(prefix="kp-imap-")
        cls.addClassCleanup(shutil.rmtree, cls.folder, ignore_errors=True)
        cls.imap = ImapServer(cls.folder)
        cls.addClassCleanup(cls.imap.stop)

    def test_outlooks_reply_fetched_by_odoo_becomes_a_proposal(self):
        server = self.env["fetchmail.server"].create(
            {
                "name": "Kumppanuuspöytien vastaukset",
                "server_type": "imap",
                "server": "127.0.0.1",
                "port": self.imap.port,
                "is_ssl": False,
                "user": MAILBOX,
                "password": PASSWORD,
            }
        )
        server.button_confirm_login()
        self.assertEqual(server.state, "done")
        [mail] = self._mails(self.person_volunteer, "Invitation to")
        self.imap.deliver(
            self._eml("outlook_proposal.eml", to=self._reply_address(mail))
        )
        self.assertEqual(len(self.imap.unseen()), 1)
        # as the mail gateway's job does, in its own transaction
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            server.with_env(server.env(cr=cr)).fetch_mail()
        [proposal] = self.env["kp.agenda.item"].search(
            [("table_id", "=", self.table.id), ("state", "=", "proposed")]
        )
        self.assertEqual(proposal.name, "Ehdotus: kirjaston aukioloajat iltaisin")
        self.assertEqual(proposal.proposer_id, self.seat_volunteer)
        self.assertFalse(self.imap.unseen(), "the reply was read once")

"""A service the project's outside-in tests start on 127.0.0.1 (Odoo,
Radicale, dovecot): a free port for it and the wait until it listens."""

import socket
import time

__all__ = ["free_port", "wait_for_port"]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout):
    """True once something accepts connections on 127.0.0.1:``port``;
    False when ``process`` (a subprocess.Popen) ended first or ``timeout``
    seconds went by."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                return False
            time.sleep(0.2)

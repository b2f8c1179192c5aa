"""Run a Glossator entry point with network access blocked and recorded.

    python no_network.py LOG cli|desktop ARGS...

Every attempt to connect or send on an IPv4/IPv6 socket, or to resolve a
name, is appended to LOG (one line each, with a short stack) and fails with
OSError. Creating a socket is allowed: urllib3 (imported through spaCy's
dependencies) probes IPv6 support at import by binding a socket to ::1,
which is no network traffic. Local (AF_UNIX) sockets are not network.
"""
from __future__ import annotations

import socket
import sys
import traceback
from pathlib import Path

LOG = Path(sys.argv[1])
NETWORK_FAMILIES = {socket.AF_INET, socket.AF_INET6}


def record(what: str) -> None:
    stack = " < ".join(f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()[-6:-2])
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{what} at {stack}\n")


class GuardedSocket(socket.socket):
    def _refuse(self, what: str, address) -> None:
        if self.family in NETWORK_FAMILIES:
            record(f"{what}({address!r})")
            raise OSError("network blocked by the privacy test")

    def connect(self, address):
        self._refuse("connect", address)
        return super().connect(address)

    def connect_ex(self, address):
        self._refuse("connect_ex", address)
        return super().connect_ex(address)

    def sendto(self, data, *args):
        self._refuse("sendto", args[-1])
        return super().sendto(data, *args)


def blocked(name: str):
    def refuse(*args, **kwargs):
        record(f"{name}{args[:2]}")
        raise OSError("network blocked by the privacy test")
    return refuse


socket.socket = GuardedSocket
socket.create_connection = blocked("create_connection")
socket.getaddrinfo = blocked("getaddrinfo")
socket.gethostbyname = blocked("gethostbyname")

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    kind, args = sys.argv[2], sys.argv[3:]
    if kind == "cli":
        from annotations.cli import main as cli_main

        cli_main(args)
    else:
        from desktop.app import main as desktop_main

        code = desktop_main(args)
        if "PySide6.QtNetwork" in sys.modules:
            record("PySide6.QtNetwork imported")
        sys.exit(code)

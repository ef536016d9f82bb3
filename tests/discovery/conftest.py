"""Loopback-only helpers: a scripted UDP responder and emulators sharing one port on several 127.0.0.x."""
import socket
import threading

import pytest

from usconf.cli import main
from usconf.emulator import running
from usconf.errors import UsconfError


class ScriptedResponder:
    """Answers every datagram it receives with the given datagrams, from 127.0.0.1."""

    def __init__(self, answers):
        self.answers = answers
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.received = []
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.sock.getsockname()[1]

    def _run(self):
        while not self.stopping:
            try:
                data, source = self.sock.recvfrom(65536)
            except OSError:
                continue
            self.received.append(data)
            for answer in self.answers(data) if callable(self.answers) else self.answers:
                self.sock.sendto(answer, source)

    def close(self):
        self.stopping = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def responder():
    made = []

    def start(answers):
        made.append(ScriptedResponder(answers))
        return made[-1]
    yield start
    for r in made:
        r.close()


@pytest.fixture
def same_port_on(emulator_factory):
    """Start one emulated device on each given loopback host, all on one HTTP port; returns (port, groups)."""
    def start(hosts, models=None):
        for _ in range(20):
            probe = socket.socket()
            probe.bind((hosts[0], 0))
            port = probe.getsockname()[1]
            probe.close()
            try:
                groups = [emulator_factory(host=h, port=port, model=(models or ["hdmi"] * len(hosts))[i])
                          for i, h in enumerate(hosts)]
            except UsconfError:
                continue  # the port was taken on one of the hosts meanwhile; try another
            return port, groups
        pytest.skip("no port free on every loopback address")
    return start


def free_udp_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def cli(capsys, monkeypatch):
    for name in ("USCONF_USERNAME", "USCONF_PASSWORD"):
        monkeypatch.delenv(name, raising=False)

    def run(*args):
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out = capsys.readouterr()
        return done.value.code, out.out, out.err
    return run


__all__ = ["free_udp_port", "running"]

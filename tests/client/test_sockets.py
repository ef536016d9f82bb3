"""usconf.sockets.connect opens the client's connections as socket.create_connection would: each
address a name resolves to in turn, the last error when none answers, and segments sent at once."""
import _socket
import socket

import pytest

from usconf import sockets


@pytest.fixture
def listener():
    sock = socket.create_server(("127.0.0.1", 0))
    yield sock
    sock.close()


def closed_port():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


def test_it_connects_and_carries_bytes_both_ways(listener):
    sock = sockets.connect(("127.0.0.1", listener.getsockname()[1]), 5)
    peer, _ = listener.accept()
    try:
        sock.sendall(b"ping")
        assert peer.recv(4) == b"ping"
        peer.sendall(b"pong")
        assert sock.recv(4) == b"pong"
        assert sock.gettimeout() == 5
        assert sock.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY) != 0
    finally:
        peer.close()
        sock.close()


def test_a_port_nobody_listens_on_is_refused():
    with pytest.raises(ConnectionRefusedError):
        sockets.connect(("127.0.0.1", closed_port()), 5)


def test_each_address_of_a_name_is_tried_in_turn(listener, monkeypatch):
    refused, answering = ("127.0.0.1", closed_port()), listener.getsockname()
    asked = []

    def getaddrinfo(host, port, family, kind):
        asked.append((host, port))
        return [(_socket.AF_INET, _socket.SOCK_STREAM, 6, "", refused),
                (_socket.AF_INET, _socket.SOCK_STREAM, 6, "", answering)]
    monkeypatch.setattr(sockets._socket, "getaddrinfo", getaddrinfo)
    sock = sockets.connect((b"encoder.local", 80), 5)
    try:
        assert sock.getpeername() == answering and asked == [(b"encoder.local", 80)]
    finally:
        sock.close()


def test_when_no_address_answers_the_last_error_is_raised(monkeypatch):
    addresses = [(_socket.AF_INET, _socket.SOCK_STREAM, 6, "", ("127.0.0.1", closed_port()))] * 2
    monkeypatch.setattr(sockets._socket, "getaddrinfo", lambda *args: addresses)
    with pytest.raises(ConnectionRefusedError):
        sockets.connect((b"encoder.local", 80), 5)
    monkeypatch.setattr(sockets._socket, "getaddrinfo", lambda *args: [])
    with pytest.raises(OSError, match="getaddrinfo returns an empty list"):
        sockets.connect((b"encoder.local", 80), 5)


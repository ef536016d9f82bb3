"""Shared fixtures: emulated devices on loopback, free ports only, stopped at teardown."""
import contextlib
import sys

import pytest

from usconf import secrets
from usconf.client import Client, RetryPolicy
from usconf.emulator import running


@pytest.fixture(autouse=True)
def _forget_secrets():
    # values masked by value are remembered for the process (as Ansible's no_log does); one
    # test's secrets must not mask another test's ordinary words
    yield
    secrets.forget_all()


@pytest.fixture(scope="session", autouse=True)
def _quick_thread_handover():
    # Tests run the client and the emulator in one process. With the default 5 ms
    # switch interval a client thread waits up to 5 ms for every answer the
    # emulator thread has already sent; 0.5 ms makes the suite several times faster.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    yield
    sys.setswitchinterval(previous)


@pytest.fixture
def emulator():
    """A fresh factory-new HDMI device for this test."""
    with running() as emu:
        yield emu


@pytest.fixture
def emulator_factory():
    """Start devices with running()'s keyword arguments; all are stopped when the test ends."""
    with contextlib.ExitStack() as stack:
        def start(**kwargs):
            kwargs.setdefault("port", 0)
            kwargs.setdefault("cloud_port", 0)
            return stack.enter_context(running(**kwargs))
        yield start


FAST = dict(attempts=3, backoff=0.001, backoff_max=0.01, settle=0.3)


@pytest.fixture
def fast_client():
    """Client(url, ...) with millisecond backoffs; closed at the end of the test."""
    made = []

    def make(url, **kwargs):
        kwargs.setdefault("retries", RetryPolicy(**FAST))
        kwargs.setdefault("timeout", 3)
        client = Client(url, **kwargs)
        made.append(client)
        return client
    yield make
    for client in made:
        client.close()


@pytest.fixture(params=["default", "strict"])
def profile(request):
    """Both emulator profiles: the default one and the strictest reading of the reference."""
    return request.param


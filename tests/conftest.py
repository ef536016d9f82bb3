"""Shared fixtures: emulated devices on loopback, free ports only, stopped at teardown."""
import contextlib

import pytest

from usconf.emulator import running


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

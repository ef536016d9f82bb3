"""A stateful fake Ultra Stream encoder that enforces the device's rules with its result codes."""
from usconf.emulator.backend import Backend
from usconf.emulator.faults import Faults
from usconf.emulator.group import running
from usconf.emulator.hub import Limits

__all__ = ["Backend", "Faults", "Limits", "running"]

"""A stateful fake Ultra Stream encoder that enforces the device's rules with its result codes.

The names below are loaded on first use (PEP 562), so `from usconf.emulator import
factory` (the factory defaults, plain data the offline validator merges onto) does
not load the backend, its handlers or the HTTP server.
"""
from usconf.lazy import exports

_EXPORTS = {"Backend": "backend", "Faults": "faults", "Limits": "hub", "running": "group"}

__all__ = ["Backend", "Faults", "Limits", "running"]

__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

"""A stateful fake Ultra Stream encoder that enforces the device's rules with its result codes.

The names below are loaded on first use (PEP 562), so `from usconf.emulator import
factory` (the factory defaults, plain data the offline validator merges onto) does
not load the backend, its handlers or the HTTP server.
"""
import importlib

_EXPORTS = {"Backend": "backend", "Faults": "faults", "Limits": "hub", "running": "group"}

__all__ = ["Backend", "Faults", "Limits", "running"]


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))

"""`Slotted`: a plain class compared and shown by its fields, as a dataclass would be.

The classes on the start-up path are not dataclasses (that module loads inspect, a large
part of `usconf plan`'s start-up); the few that are compared or printed take this instead.
"""


class Slotted:
    """Equality and a repr from the fields named in the subclass's `__slots__`."""

    __slots__ = ()

    def _fields(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None     # mutable, and equal by value: unhashable, as a dataclass with eq is

    def __repr__(self):
        return f"{type(self).__name__}(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__) + ")"

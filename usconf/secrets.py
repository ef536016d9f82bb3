"""Secret values: masked wherever they are printed, revealed only where they are sent."""

MASK = "(sensitive)"


class Secret:
    """A sensitive string. str() and repr() are masked; reveal() gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = value.reveal() if isinstance(value, Secret) else str(value)

    def reveal(self):
        return self._value

    def __str__(self):
        return MASK

    __repr__ = __str__

    def __format__(self, spec):
        return format(MASK, spec)

    def __eq__(self, other):
        if isinstance(other, Secret):
            return self._value == other._value
        return NotImplemented

    def __hash__(self):
        return hash(("Secret", self._value))

    def __bool__(self):
        return bool(self._value)

    def __reduce__(self):
        # Never pickle or deep-copy a secret into something that may be saved.
        return (Secret, (self._value,))


def reveal(value):
    """The plain value of a Secret; anything else unchanged."""
    return value.reveal() if isinstance(value, Secret) else value


def mask(value):
    """What may be shown of a value: MASK for a Secret, the value otherwise."""
    return MASK if isinstance(value, Secret) else value

"""Strings that come from a device over the air: bounded and printable before anyone shows them."""
from usconf import escape

MAX_TEXT = 128  # longer names and serials are cut; no real device sends more


def clean(value, limit=MAX_TEXT):
    """A device-sent value as one printable line: control characters escaped (usconf.escape), length bounded.

    Anything that is not a string (a number, a list, null) becomes its text so a
    malformed field shows as what it is instead of failing the whole reply.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return escape.text(text[:limit]) + ("…" if len(text) > limit else "")

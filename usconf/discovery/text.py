"""Strings that come from a device over the air: bounded and printable before anyone shows them."""
import unicodedata

MAX_TEXT = 128  # longer names and serials are cut; no real device sends more


def clean(value, limit=MAX_TEXT):
    """A device-sent value as one printable line: control characters escaped, length bounded.

    Anything that is not a string (a number, a list, null) becomes its JSON-ish text so
    a malformed field shows as what it is instead of failing the whole reply.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    out = []
    for ch in text[:limit]:
        if ch.isprintable() and unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    if len(text) > limit:
        out.append("…")
    return "".join(out)

"""Secret values: masked wherever they are printed, revealed only where they are sent."""
import json

from usconf.urls import quote, quote_plus  # not urllib.parse: loading it costs every start ~2 ms

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


# --- masking by value ---------------------------------------------------------------------------
# A secret can leave its field: an env value also used in a device name, a stream key quoted in a
# template error, a password inside a device's error text. So, as Ansible's no_log does, every value
# that came from a sensitive field, `env` or `secret_file` is remembered here, and each output
# channel (text, JSON, Markdown, saved plans, errors, logs, Ansible results) passes what it shows
# through scrub() once, at its edge. Shorter values would mask ordinary words; they are masked
# only where they sit (the Secret around them).

MIN_SCRUBBED = 4
_REMEMBERED = set()


def remember(value):
    """Mask `value` (a str or a Secret) by value in everything scrub() sees from now on."""
    plain = reveal(value)
    if isinstance(plain, str) and len(plain) >= MIN_SCRUBBED:
        _REMEMBERED.add(plain)


def remembered():
    return frozenset(_REMEMBERED)


def forget_all():
    """Drop every remembered value (a long-lived process between unrelated documents; tests)."""
    _REMEMBERED.clear()


def _forms(value):
    # the value as it is, and as it appears inside a JSON string, a repr() or a URL's query (logs)
    yield value
    forms = [json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1], repr(value)[1:-1]]
    try:
        forms += [quote(value, safe=""), quote_plus(value, safe="")]
    except UnicodeEncodeError:
        pass    # not UTF-8 (bytes of an environment variable): no URL can hold it, so no URL form to mask
    for form in dict.fromkeys(forms):
        if form != value:
            yield form


def scrub(text, extra=()):
    """`text` with every remembered value (and those in `extra`) replaced by MASK."""
    if not isinstance(text, str):
        return text
    values = _REMEMBERED.union(v for v in (reveal(e) for e in extra) if isinstance(v, str) and len(v) >= MIN_SCRUBBED)
    if not values:
        return text
    for value in sorted(values, key=len, reverse=True):
        for form in _forms(value):
            if form in text:
                text = text.replace(form, MASK)
    return text


def scrub_data(value, extra=()):
    """A copy of JSON-like data with every string scrubbed; Secrets become MASK."""
    if isinstance(value, Secret):
        return MASK
    if isinstance(value, str):
        return scrub(value, extra)
    if isinstance(value, dict):
        return {scrub_data(k, extra) if isinstance(k, str) else k: scrub_data(v, extra) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_data(v, extra) for v in value]
    return value

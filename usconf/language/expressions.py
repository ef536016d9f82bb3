"""What a `{{ expression }}` in a desired-state file can read, and the caps on what it makes.

Kept apart from jinja2 on purpose: most files only read `env.NAME`, `vars.key` or
`target.name`, and those are looked up here directly (`plain_lookup`) without
loading jinja2 at all, which is most of `usconf validate`'s start-up time.
Everything else goes to the sandbox (usconf.language.sandbox).
"""
import re

from usconf import secrets as masking

# Names whose values are secrets wherever they land.
SENSITIVE_SOURCES = frozenset({"env", "secret_file"})

# The file is data, and an expression must not take the machine with it: each of these
# ends in one clear error at once instead of gigabytes or minutes.
MAX_ITEMS = 100_000             # a list or string an expression makes (`[1] * 100000000`)
MAX_RANGE = 10_000              # range(n)
MAX_OUTPUT = 64 * 1024          # characters one expression may render to
MAX_POWER_BITS = 4096           # bits of an integer `a ** b` may reach
MAX_NESTING = 32                # brackets within brackets in one expression


class TemplateLimit(Exception):
    """An expression went past one of the caps above."""


class ExpressionFailed(Exception):
    """An expression could not be rendered; the text says why (it follows the expression in the error)."""


class SecretFileError(Exception):
    pass


class Namespace:
    """`env`, `vars` or `target`: read by name only (`env.NAME`, `env['NAME']`, `env.get('NAME')`);
    a missing name gives an error naming it.

    Not a mapping on purpose: `env | tojson`, `env.values()` or iterating would hand a pull
    request every environment variable of the CI runner, unmasked. `env` is also a source of
    secrets: every name read is noted (so an empty or unset variable in a sensitive field is
    named), and every value read is masked by value from then on, before any error could quote it.
    """

    def __init__(self, label, hint, values, secret=False):
        self._values = dict(values)
        self._label = label
        self._hint = hint
        self._secret = secret
        self._read = []

    def _note(self, name, value):
        if self._secret:
            self._read.append(f"{self._label}.{name}")
            if isinstance(value, str):
                masking.remember(value)

    def __getitem__(self, name):
        value = self._values.get(name)
        self._note(name, value)
        return self._values[name]

    def get(self, name, default=None):
        self._note(name, self._values.get(name))
        return self._values.get(name, default)

    def __contains__(self, name):
        return name in self._values

    def __repr__(self):
        return f"<{self._label}>"


def missing(space, name):
    """The error text for a name `space` does not hold (a function, not a method: every public
    attribute of a Namespace is something an expression could reach)."""
    return f"{space._label}.{name} is not set{space._hint.format(name=name)}"


def size(value):
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


# `env.NAME` and the like. `get` and names with a leading underscore are left to the sandbox:
# there they mean the method or are refused, and the answer must not depend on the path taken.
_PLAIN = re.compile(r"(env|vars|target)\s*\.\s*([A-Za-z][A-Za-z0-9_]*)")
_NOT_PLAIN = frozenset({"get"})


def plain_lookup(expr, context):
    """(value, sensitive) of an expression that only names a variable, or None for any other expression.

    Gives what the sandbox would give for the same expression, errors included."""
    match = _PLAIN.fullmatch(expr)
    if match is None or match.group(2) in _NOT_PLAIN:
        return None
    space, name = context[match.group(1)], match.group(2)
    try:
        value = space[name]
    except KeyError:
        raise ExpressionFailed(missing(space, name)) from None
    return value, match.group(1) in SENSITIVE_SOURCES

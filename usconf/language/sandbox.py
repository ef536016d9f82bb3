"""The jinja2 sandbox that renders every expression beyond a plain variable name.

Imported only when a file holds such an expression (usconf.language.expressions
looks up the plain ones): jinja2 is the largest part of start-up otherwise.
The environment is immutable and sandboxed (the file is data, not a program),
with sizes capped: sequence multiplication, powers, format widths, range.
"""
import operator
import re

import jinja2
import jinja2.meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from usconf.language.expressions import (
    MAX_ITEMS,
    MAX_NESTING,
    MAX_OUTPUT,
    MAX_POWER_BITS,
    MAX_RANGE,
    SENSITIVE_SOURCES,
    ExpressionFailed,
    Namespace,
    SecretFileError,
    TemplateLimit,
    missing,
    size,
)


class _Undefined(jinja2.StrictUndefined):
    @property
    def _undefined_message(self):
        obj = self._undefined_obj
        if isinstance(obj, Namespace):
            return missing(obj, self._undefined_name)
        return super()._undefined_message


def _times(left, right):
    for seq, n in ((left, right), (right, left)):
        if (size(seq) is not None and isinstance(n, int) and not isinstance(n, bool)
                and size(seq) * max(n, 0) > MAX_ITEMS):
            raise TemplateLimit(f"the result would have {size(seq) * n} items; the limit is {MAX_ITEMS}")
    return operator.mul(left, right)


def _power(left, right):
    if (isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
            and abs(left).bit_length() * right > MAX_POWER_BITS):
        raise TemplateLimit(f"{left} ** {right} is too large a number")
    return operator.pow(left, right)


_WIDTH = re.compile(r"%[-#0 +]*(\d+)")


def _modulo(left, right):
    if isinstance(left, str) and any(int(w) > MAX_OUTPUT for w in _WIDTH.findall(left)):
        raise TemplateLimit(f"a format width over {MAX_OUTPUT}")
    return operator.mod(left, right)


def _range(*args):
    span = range(*args)
    if len(span) > MAX_RANGE:
        raise TemplateLimit(f"range of {len(span)} numbers; the limit is {MAX_RANGE}")
    return span


def _capped_width(name, original):
    def capped(value, width=80, *args, **kwargs):
        if isinstance(width, int) and width > MAX_OUTPUT:
            raise TemplateLimit(f"{name} width {width}; the limit is {MAX_OUTPUT}")
        return original(value, width, *args, **kwargs)
    return capped


_BINOPS = {"*": _times, "**": _power, "%": _modulo}


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context, op, left, right):
        return _BINOPS[op](left, right)


def _environment():
    env = _Sandbox(undefined=_Undefined, autoescape=False)
    # only range among the globals: lipsum, cycler, joiner and namespace make text or state, not data
    env.globals = {"range": _range}
    for name in ("center", "indent", "wordwrap", "truncate"):
        env.filters[name] = _capped_width(name, env.filters[name])
    env.filters["format"] = lambda value, *args, **kwargs: _modulo(value, args or kwargs)
    return env


_ENVIRONMENT = _environment()


def _nesting(expr):
    depth = deepest = 0
    for char in expr:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def evaluate(expr, context):
    """(value, sensitive) of one expression with `context`'s names; raises ExpressionFailed."""
    try:
        if _nesting(expr) > MAX_NESTING:
            raise TemplateLimit(f"brackets nested deeper than {MAX_NESTING}")
        ast = _ENVIRONMENT.parse("{{ " + expr + " }}")
        sensitive = bool(jinja2.meta.find_undeclared_variables(ast) & SENSITIVE_SOURCES)
        value = _ENVIRONMENT.compile_expression(expr, undefined_to_none=False)(**context)
        if isinstance(value, jinja2.Undefined):
            str(value)  # raises, naming the undefined variable
    except jinja2.UndefinedError as exc:
        raise ExpressionFailed(str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ExpressionFailed(f"template syntax: {exc.message}") from None
    except SecretFileError as exc:
        raise ExpressionFailed(str(exc)) from None
    except TemplateLimit as exc:
        raise ExpressionFailed(f"refused: {exc}") from None
    except (RecursionError, MemoryError):
        raise ExpressionFailed("refused: too deep or too large to render") from None
    except Exception as exc:  # the file is user data; any failure is the user's to fix
        raise ExpressionFailed(f"cannot render: {exc.__class__.__name__}: {exc}") from None
    return value, sensitive

"""jinja2 expressions in a desired-state file, rendered as data.

A rendered value must never change the document's structure: a stream key
holding `: `, quotes, `#` or a newline is still one string. So each `{{ ... }}`
is first replaced by a placeholder token, the YAML is parsed (and its line
numbers kept), and only then is each expression evaluated and put into the
parsed scalar that held it. A scalar that is exactly one expression takes the
expression's value; a scalar mixing text and expressions is joined as text.

The environment is sandboxed: the file is data, not a program.
"""
import os
import re
from pathlib import Path

import jinja2
import jinja2.meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

import yaml

from usconf.language import yamlpos
from usconf.errors import ValidationError

_EXPR = re.compile(r"\{\{(.*?)\}\}", re.S)
_STATEMENT = re.compile(r"\{%|\{#")
# Names whose values are secrets wherever they land.
SENSITIVE_SOURCES = frozenset({"env", "secret_file"})
_YAML_TYPES = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null"}
_RESOLVER = yaml.resolver.Resolver()


class _Namespace(dict):
    """`env` or `vars`: a mapping whose missing keys give an error naming them."""

    def __init__(self, label, hint, values):
        super().__init__(values)
        self.label = label
        self.hint = hint


class _Undefined(jinja2.StrictUndefined):
    @property
    def _undefined_message(self):
        obj = self._undefined_obj
        if isinstance(obj, _Namespace):
            return f"{obj.label}.{self._undefined_name} is not set{obj.hint.format(name=self._undefined_name)}"
        return super()._undefined_message


class _SecretFileError(Exception):
    pass


class Rendered:
    """What rendering found: data, positions, which paths hold values from env/secret_file, and those values."""

    def __init__(self, data, positions, tainted, secret_values):
        self.data = data
        self.positions = positions
        self.tainted = tainted
        self.secret_values = secret_values


def _environment():
    return ImmutableSandboxedEnvironment(undefined=_Undefined, autoescape=False)


def _tokenise(text, name):
    """Replace each {{ expression }} with a token that is a plain YAML scalar; return (text, {token: expr})."""
    problems = []
    for match in _STATEMENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - text.rfind("\n", 0, match.start())
        problems.append(f"{name}:{line}:{col}: only {{{{ expression }}}} templates are supported, "
                        f"not jinja2 statements or comments ({match.group(0)} ...)")
    # os.urandom, as secrets.token_hex does (the secrets module costs start-up time to load)
    nonce = os.urandom(6).hex()
    while nonce in text:
        nonce = os.urandom(6).hex()
    exprs = {}

    def swap(match):
        if "\n" in match.group(1):
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - text.rfind("\n", 0, match.start())
            problems.append(f"{name}:{line}:{col}: a {{{{ expression }}}} must be on one line")
            return match.group(0)
        token = f"usconf{nonce}x{len(exprs)}x"
        exprs[token] = match.group(1).strip()
        return token

    out = _EXPR.sub(swap, text)
    if problems:
        raise ValidationError(problems)
    return out, exprs, re.compile(f"usconf{nonce}x[0-9]+x")


def render(text, name, base_dir=".", env=None, vars=None):
    """Parse `text` (a desired-state file named `name`) with its expressions rendered.

    `env` is the mapping behind `env.NAME`, `vars` the one behind `vars.key`;
    `secret_file('p')` reads p relative to `base_dir`. Returns a Rendered; raises
    ValidationError naming file, line and expression for every expression that fails.
    """
    base_dir = Path(base_dir)
    tokenised, exprs, token_re = _tokenise(text, name)
    environment = _environment()
    secret_values = []

    def secret_file(path):
        target = base_dir / str(path)
        try:
            content = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise _SecretFileError(f"secret_file({str(path)!r}): cannot read {target}: {reason}") from None
        if content.endswith("\r\n"):
            content = content[:-2]
        elif content.endswith("\n"):
            content = content[:-1]
        return content

    context = {
        "env": _Namespace("env", " (set the environment variable {name})", env or {}),
        "vars": _Namespace("vars", " (give --var {name}=VALUE or a --vars-file that sets it)", vars or {}),
        "secret_file": secret_file,
    }
    problems = []
    tainted = set()

    def evaluate(expr, where, path):
        """(value, sensitive) of one expression, or raise ValueError with the problem line."""
        label = f"{yamlpos.path_text(path)}: {{{{ {expr} }}}}"
        try:
            ast = environment.parse("{{ " + expr + " }}")
            sensitive = bool(jinja2.meta.find_undeclared_variables(ast) & SENSITIVE_SOURCES)
            value = environment.compile_expression(expr, undefined_to_none=False)(**context)
            if isinstance(value, jinja2.Undefined):
                str(value)  # raises, naming the undefined variable
        except jinja2.UndefinedError as exc:
            raise ValueError(f"{where}: {label}: {exc}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ValueError(f"{where}: {label}: template syntax: {exc.message}") from None
        except _SecretFileError as exc:
            raise ValueError(f"{where}: {label}: {exc}") from None
        except Exception as exc:  # the file is user data; any failure is the user's to fix
            raise ValueError(f"{where}: {label}: cannot render: {exc.__class__.__name__}: {exc}") from None
        if sensitive:
            secret_values.append(str(value))
        return value, sensitive

    def scalar(value, node, path):
        if not isinstance(value, str) or not token_re.search(value):
            return value
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        where = f"{name}:{line}:{col}"
        parts = token_re.split(value)
        tokens = token_re.findall(value)
        rendered, sensitive = [], False
        for token in tokens:
            try:
                result, secret = evaluate(exprs[token], where, path)
            except ValueError as exc:
                problems.append(str(exc))
                return None
            rendered.append(result)
            sensitive = sensitive or secret
        if sensitive:
            tainted.add(tuple(path))
        if len(tokens) == 1 and parts == ["", ""]:
            return _typed(rendered[0], quoted=node.style is not None, sensitive=sensitive)
        out = parts[0]
        for result, text_after in zip(rendered, parts[1:]):
            out += _text(result) + text_after
        return out

    data, positions = yamlpos.parse(tokenised, name, scalar=scalar)
    if problems:
        raise ValidationError(problems)
    return Rendered(data, positions, frozenset(tainted), secret_values)


def _text(value):
    return "" if value is None else str(value)


def _typed(value, quoted, sensitive):
    """The value of a scalar that is exactly one expression.

    Quoted, or from env/secret_file: a string. Unquoted: a number, boolean or
    null from a vars file stays one, and a string is typed as if written there,
    so `segment_minutes: {{ vars.minutes }}` with --var minutes=30 is the number 30.
    """
    if quoted or sensitive:
        return _text(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    value = str(value)
    if "\n" not in value and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) in _YAML_TYPES:
        return yaml.safe_load(value)
    return value

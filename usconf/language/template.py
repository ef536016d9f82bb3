"""jinja2 expressions in a desired-state file, rendered as data.

A rendered value must never change the document's structure: a stream key
holding `: `, quotes, `#` or a newline is still one string. So each `{{ ... }}`
is first replaced by a placeholder token, the YAML is parsed (and its line
numbers kept), and only then is each expression evaluated and put into the
parsed scalar that held it. A scalar that is exactly one expression takes the
expression's value; a scalar mixing text and expressions is joined as text.

The sandbox (usconf.language.sandbox) is used only for expressions beyond a plain
variable name: the file is data, not a program.
"""
import errno
import os
import re

import yaml

from usconf import files
from usconf import secrets as masking
from usconf.errors import ValidationError
from usconf.language import yamlpos
from usconf.language.expressions import MAX_OUTPUT, ExpressionFailed, Namespace, SecretFileError, plain_lookup, size

_EXPR = re.compile(r"\{\{(.*?)\}\}", re.S)
_STATEMENT = re.compile(r"\{%|\{#")
_YAML_TYPES = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null"}
_RESOLVER = yaml.resolver.Resolver()
SECRET_FILE_MAX = 64 * 1024     # a stream key or password file; anything larger is not one
SECRETS_DIR_ENV = "USCONF_SECRETS_DIR"


class Rendered:
    """What rendering found: data, positions, which paths hold values from env/secret_file, and those values."""

    def __init__(self, data, positions, tainted, secret_values, sources=None):
        self.data = data
        self.positions = positions
        self.tainted = tainted
        self.secret_values = secret_values
        self.sources = sources or {}      # path -> the env variables and secret files its value came from


def _evaluate(expr, context):
    """(value, sensitive): a plain variable name is looked up here, anything else in the jinja2 sandbox."""
    found = plain_lookup(expr, context)
    if found is not None:
        return found
    from usconf.language import sandbox  # jinja2: only for files that need more than names
    return sandbox.evaluate(expr, context)


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


# Paths here are strings and os.path, not pathlib: loading pathlib costs every start ~1 ms. _resolve and
# _exists keep what pathlib's resolve() and exists() did, a symlink loop's error included.

def _resolve(path):
    """os.path.realpath(path); RuntimeError for a symlink loop, as pathlib's resolve() gives."""
    real = os.path.realpath(path)
    try:
        os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RuntimeError(f"Symlink loop from {exc.filename!r}") from None
    return real


def _exists(path):
    """Whether `path` exists; an error other than absence (EACCES) is raised, as pathlib's exists() does."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    except ValueError:
        return False
    return True


def _inside(target, folders):
    """Whether the resolved `target` is one of the resolved `folders` or under one."""
    return any(target == folder or target.startswith(folder.rstrip("/") + "/") for folder in folders)


def _is_utf8(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def secrets_dirs_from_env(environ=None):
    """The folders USCONF_SECRETS_DIR names (os.pathsep-separated), if any."""
    value = (os.environ if environ is None else environ).get(SECRETS_DIR_ENV) or ""
    return [part for part in value.split(os.pathsep) if part]


def read_secret_file(path, base_dir, secrets_dirs=()):
    """The text of a secret file: under `base_dir` (the document's folder) or one of `secrets_dirs`,
    a regular file of at most SECRET_FILE_MAX bytes; its final newline is not part of the secret."""
    folders = [_resolve(base_dir)] + [_resolve(d) for d in secrets_dirs]
    candidates = [path] if os.path.isabs(path) else [os.path.join(folder, path) for folder in folders]
    target = None
    for candidate in candidates:
        resolved = _resolve(candidate)
        if not _inside(resolved, folders):
            continue
        exists = _exists(resolved)
        if target is None or exists:
            target = resolved       # the first allowed place, unless a later one holds the file
            if exists:
                break
    if target is None:
        allowed = " or ".join(str(f) for f in folders)
        raise SecretFileError(f"secret_file({str(path)!r}): outside the document's folder and the secrets "
                               f"folders ({allowed}); give --secrets-dir or {SECRETS_DIR_ENV} to allow another")
    try:
        raw = files.read_regular(target, SECRET_FILE_MAX, what="it")
        content = raw.decode("utf-8")
    except files.FileRefused as exc:
        raise SecretFileError(f"secret_file({str(path)!r}): {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise SecretFileError(f"secret_file({str(path)!r}): cannot read {target}: {reason}") from None
    if content.endswith("\r\n"):
        content = content[:-2]
    elif content.endswith("\n"):
        content = content[:-1]
    masking.remember(content)
    return content


def render(text, name, base_dir=".", env=None, vars=None, target=None, secrets_dirs=()):
    """Parse `text` (a desired-state file named `name`) with its expressions rendered.

    `env` is the mapping behind `env.NAME`, `vars` the one behind `vars.key`, `target`
    the one behind `target.name` / `target.group` (a device of an inventory);
    `secret_file('p')` reads p relative to `base_dir`, and only within it or `secrets_dirs`.
    Returns a Rendered; raises ValidationError naming file, line and expression for every
    expression that fails. Values from env and secret_file are masked by value from then on.
    """
    base_dir = os.fspath(base_dir)
    tokenised, exprs, token_re = _tokenise(text, name)
    secret_values = []
    files_read = []

    def secret_file(path):
        files_read.append(f"secret_file({str(path)!r})")
        return read_secret_file(str(path), base_dir, secrets_dirs)

    context = {
        "env": Namespace("env", " (set the environment variable {name})", env or {}, secret=True),
        "vars": Namespace("vars", " (give --var {name}=VALUE or a --vars-file that sets it)", vars or {}),
        "secret_file": secret_file,
        "target": Namespace("target", " (only a device of an inventory has target.{name})", target or {}),
    }
    problems = []
    tainted = set()
    sources = {}

    def evaluate(expr, where, path):
        """(value, sensitive) of one expression, or raise ValueError with the problem line."""
        label = f"{yamlpos.path_text(path)}: {{{{ {expr} }}}}"
        try:
            value, sensitive = _evaluate(expr, context)
            if size(value) is not None and size(value) > MAX_OUTPUT:
                raise ExpressionFailed(f"refused: it renders to {size(value)} characters or items; "
                                       f"the limit is {MAX_OUTPUT}")
            if isinstance(value, str) and not _is_utf8(value):
                # an environment variable or --var holding bytes that are not UTF-8: Python keeps
                # them as lone surrogates, which no request, file or terminal can carry
                raise ExpressionFailed("refused: its value is not UTF-8 text")
        except ExpressionFailed as exc:
            raise ValueError(masking.scrub(f"{where}: {label}: {exc}")) from None
        if sensitive:
            secret_values.append(str(value))
            masking.remember(str(value))
        return value, sensitive

    def scalar(value, node, path):
        if not isinstance(value, str) or not token_re.search(value):
            return value
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        where = f"{name}:{line}:{col}"
        parts = token_re.split(value)
        tokens = token_re.findall(value)
        rendered, sensitive = [], False
        context["env"]._read.clear()
        files_read.clear()
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
            sources[tuple(path)] = list(dict.fromkeys(context["env"]._read + files_read))
        if len(tokens) == 1 and parts == ["", ""]:
            return _typed(rendered[0], quoted=node.style is not None, sensitive=sensitive)
        out = parts[0]
        for result, text_after in zip(rendered, parts[1:]):
            out += _text(result) + text_after
        return out

    data, positions = yamlpos.parse(tokenised, name, scalar=scalar)
    if problems:
        raise ValidationError(problems)
    return Rendered(data, positions, frozenset(tainted), secret_values, sources)


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

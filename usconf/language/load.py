"""Load a desired-state file: render jinja2, parse YAML with positions, check the schema and the device rules.

Every problem is reported at once, one line each, `FILE:LINE:COL: path: message`,
and none of them shows a secret's value.
"""
import json
import os
import stat
from functools import cache, lru_cache

from usconf import files
from usconf import secrets as masking
from usconf.digests import sha256_hex
from usconf.errors import ValidationError
from usconf.language import schemacheck, template, yamlpos
from usconf.secrets import MASK, Secret

# os.path and usconf.files, not pathlib, here and below: loading pathlib costs every start ~1 ms
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schemas", "usconf.schema.json")
ENUM_LISTED = 12      # longer enums (time zones) get suggestions instead of the full list
MIN_SCRUBBED = masking.MIN_SCRUBBED   # shorter secret values are masked where they sit, not searched for
# One encoder's desired state is a few KB; parsing and checking a huge file takes minutes
# (200k list items: over a minute), so anything this big is refused before parsing.
MAX_BYTES = 1024 * 1024


@lru_cache(maxsize=None)
def schema():
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _validator():
    """jsonschema's validator, built once; only asked for the errors of a document the fast check refused."""
    # here, not at the top: loading jsonschema costs more than validating a valid file
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


@cache
def _conforms():
    """The schema compiled to a yes/no check (usconf.language.schemacheck), or None if it cannot be."""
    return schemacheck.compile_schema(schema(), lazy=True)


def conforms(doc):
    """True when `doc` is valid against the language's schema."""
    fast = _conforms()
    if fast is not None:
        try:
            return fast(doc)
        except schemacheck.Unsupported:     # a part compiled late (lazy=True) that the fast check lacks
            pass
    return _validator().is_valid(doc)


class Desired:
    """A validated desired state.

    doc: the validated plain data (sensitive fields hold Secret); canonical: model.from_yaml(doc);
    source: the file (None for data given directly); sha256: of the source file's bytes;
    secrets: the paths (tuples) whose values are secret; positions: where each path was written.
    """
    # Not a dataclass: that module (and inspect, which it loads) is a large part of start-up.
    __slots__ = ("doc", "canonical", "source", "sha256", "secrets", "positions", "vars_files", "var_names")

    def __init__(self, doc, canonical, source=None, sha256=None, secrets=frozenset(), positions=None,
                 vars_files=None, var_names=None):
        self.doc = doc
        self.canonical = canonical
        self.source = source
        self.sha256 = sha256
        self.secrets = secrets
        self.positions = positions      # a yamlpos.Positions, or None
        # What a saved plan must reproduce the file with: the vars files ({"path", "sha256"}) and
        # the names (never the values: they may be secrets) of the variables given directly.
        self.vars_files = [] if vars_files is None else vars_files
        self.var_names = [] if var_names is None else var_names


# --- schema walking ------------------------------------------------------------------------

def resolve(node):
    """A schema node with its `$ref`s followed (the node's own keys win over the target's)."""
    while "$ref" in node:
        target = schema()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _subschema(path):
    """The schema node describing `path` of a document (None when the schema has none)."""
    node = schema()
    for part in path:
        node = resolve(node)
        if isinstance(part, int):
            node = node.get("items")
        else:
            node = node.get("properties", {}).get(part)
        if node is None:
            return None
    return resolve(node)


def _walk(doc, path=()):
    yield path, doc
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _walk(value, path + (key,))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _walk(value, path + (i,))


def sensitive_paths(doc):
    """Paths of `doc` that the schema marks sensitive (stream keys, passwords, tokens, codes)."""
    return frozenset(p for p, value in _walk(doc)
                     if p and isinstance(value, (str, Secret)) and (_subschema(p) or {}).get("x-usconf-sensitive"))


def read_only_problems(doc, positions):
    out = []
    for p, _ in _walk(doc):
        node = _subschema(p) if p else None
        if node and node.get("readOnly"):
            out.append(f"{positions.where(p, key=True)}: {yamlpos.path_text(p)}: "
                       f"{yamlpos.path_text(p)} is read-only on the device: it has no call to change it")
    return out


# --- schema errors as sentences -------------------------------------------------------------

def _show(value, path, hidden):
    return MASK if tuple(path) in hidden else repr(value)


def _type_names(types):
    names = {"string": "a string", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a mapping", "array": "a list", "null": "null"}
    types = [types] if isinstance(types, str) else types
    return " or ".join(names.get(t, t) for t in types)


def _close_matches(word, candidates, n):
    """difflib's suggestions; difflib loads only for a file with a mistake in it."""
    import difflib
    return difflib.get_close_matches(word, candidates, n=n)


def schema_message(error, hidden=frozenset()):
    """[(path, at_key, message)] for one jsonschema error, in the file's words; values at `hidden` paths
    (secrets) are never quoted. The inventory's errors are worded here too."""
    path = tuple(error.absolute_path)
    kind, node, value = error.validator, error.schema, error.instance
    shown = _show(value, path, hidden)
    leaf = path[-1] if path and not isinstance(path[-1], int) else "value"
    form = node.get("x-usconf-form")
    if kind == "additionalProperties":
        allowed = sorted(node.get("properties", {}))
        out = []
        for extra in value:
            if extra in allowed:
                continue
            close = _close_matches(str(extra), allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(allowed)}"
            out.append((path + (extra,), True, f"unknown field {extra!r}; {hint}"))
        return out
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        return [(path, False, f"missing required field {k!r}") for k in missing]
    if kind == "enum":
        allowed = error.validator_value
        if len(allowed) <= ENUM_LISTED:
            listed = ", ".join("null" if a is None else str(a) for a in allowed)
            return [(path, False, f"{shown} is not allowed; use one of: {listed}")]
        close = _close_matches(str(value), [str(a) for a in allowed], n=3)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return [(path, False, f"{shown} is not one of the {len(allowed)} allowed values{hint}")]
    if kind == "const":
        return [(path, False, f"{shown} is not allowed; the only value is {error.validator_value!r}")]
    if form and kind in ("pattern", "type", "minimum", "maximum"):
        return [(path, False, f"{leaf} {shown} is not {form}")]
    if kind == "type":
        return [(path, False, f"expected {_type_names(error.validator_value)}, got {shown}")]
    if kind == "minimum":
        return [(path, False, f"{shown} is below the minimum {error.validator_value}")]
    if kind == "maximum":
        return [(path, False, f"{shown} is above the maximum {error.validator_value}")]
    if kind == "exclusiveMinimum":
        return [(path, False, f"{shown} must be more than {error.validator_value}")]
    if kind == "pattern":
        return [(path, False, f"{shown} does not have the expected form {error.validator_value}")]
    if kind == "minLength":
        return [(path, False, "must not be empty")]
    # Anything else: jsonschema's words, which quote the value, so only when it is not secret.
    return [(path, False, error.message if path not in hidden else f"{kind} not satisfied")]


def schema_problems(doc, positions, hidden=frozenset()):
    """Every schema violation of `doc`, as problem lines in document order."""
    if conforms(doc):
        return []
    found = []
    for error in _validator().iter_errors(doc):
        for path, at_key, message in schema_message(error, hidden):
            found.append((positions.order(path, at_key),
                          f"{positions.where(path, at_key)}: {yamlpos.path_text(path)}: {message}"))
    found.sort(key=lambda item: item[0])
    return [line for _, line in found]


# --- the pipeline ---------------------------------------------------------------------------

def _scrub(problems, secret_values):
    return [masking.scrub(line, secret_values) for line in problems]


def _value_at(doc, path):
    for part in path:
        doc = doc[part]
    return doc


def empty_secret_problems(data, positions, sensitive, sources=None):
    """A sensitive field whose value came out empty: an unset or empty variable, an empty secret file.

    Sent as it is, it would create a user with an empty password or a server without its key.
    With `sources` (a rendered file), only values from env/secret_file are judged, each naming
    where it came from; without (data given directly, as Ansible does), every sensitive field.
    """
    out = []
    for path in sorted(sensitive, key=positions_order(positions)):
        if sources is not None and path not in sources:
            continue
        value = _value_at(data, path)
        if masking.reveal(value) != "":
            continue
        names = (sources or {}).get(path) or []
        cause = (f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} empty or unset" if names
                 else "it is empty")
        out.append(f"{positions.where(path)}: {yamlpos.path_text(path)}: {cause}; a secret must have a value")
    return out


def positions_order(positions):
    return lambda path: positions.order(path, False)


def _wrap_secrets(doc, paths):
    for path in paths:
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = Secret(node[path[-1]])
    return doc


def yaml_booleans(doc):
    """`usb: off` unquoted is the boolean false in YAML: where the schema wants an enum holding
    off/on, a boolean is read as the word it was written as (false -> "off", true -> "on")."""
    for path, value in list(_walk(doc)):
        if not path or not isinstance(value, bool):
            continue
        enum = (_subschema(path) or {}).get("enum") or []
        if "off" in enum or "on" in enum:
            parent = doc
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = "on" if value else "off"
    return doc


def _finish(data, positions, tainted=frozenset(), secret_values=(), info=None, source=None, sha256=None,
            base_dir=".", sources=None):
    from usconf.language import validate  # semantic checks need the model; imported late to keep load light
    from usconf.model import from_yaml

    yaml_booleans(data)
    sensitive = sensitive_paths(data)
    hidden = frozenset(sensitive | tainted)
    for path in sensitive:
        masking.remember(_value_at(data, path))
    empty = empty_secret_problems(data, positions, sensitive, sources)
    # An empty secret is said once, naming its variable: the schema's "must not be empty" at that place adds nothing.
    said = {line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1] for line in empty}
    problems = (empty + [line for line in schema_problems(data, positions, hidden)
                         if not (line.endswith(": must not be empty") and ": ".join(line.split(": ", 2)[:2]) in said)]
                + read_only_problems(data, positions))
    if not problems:
        validate.resolve_files(data, base_dir)
        problems = validate.problems(data, positions, info=info, hidden=hidden)
    if problems:
        raise ValidationError(_scrub(problems, secret_values))
    doc = _wrap_secrets(data, sensitive)
    return Desired(doc=doc, canonical=from_yaml(doc), source=source, sha256=sha256,
                   secrets=hidden, positions=positions)


def _size_text(size):
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _read_capped(path, what="file"):
    """The bytes of `path`; ValidationError naming the file when it is not a regular file or over MAX_BYTES.

    A FIFO or a device (/dev/zero) is refused before it is opened: one would hang, the other never end.
    """
    try:
        return files.read_regular(path, MAX_BYTES, what=what)
    except files.FileRefused as exc:
        size = os.stat(path).st_size
        if size > MAX_BYTES and stat.S_ISREG(os.stat(path).st_mode):
            raise ValidationError([f"{path}: {what} is {_size_text(size)}; refusing to read more than "
                                   f"{_size_text(MAX_BYTES)} (a desired state for one encoder is a few KB)"]) from None
        raise ValidationError([f"{path}: {exc}"]) from None


def _vars_and_digests(paths):
    """(variables, [{"path", "sha256"}] of each file read)."""
    out, digests = {}, []
    for path in paths:
        try:
            raw = _read_capped(files.tidy(path), "vars file")
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError([f"{path}: cannot read vars file: {getattr(exc, 'strerror', None) or exc}"]) from None
        data, positions = yamlpos.parse(text, str(path))
        out.update(data)
        digests.append({"path": str(path), "sha256": sha256_hex(raw)})
    return out, digests


def load_text(text, name="<text>", vars=None, vars_files=(), env=None, info=None, base_dir=".", target=None,
              secrets_dirs=None):
    """Load a desired state from YAML text (expressions are rendered as in a file).

    `target` is what `{{ target.name }}` / `{{ target.group }}` give (an inventory's device);
    `secret_file()` reads within `base_dir` and `secrets_dirs` (default: USCONF_SECRETS_DIR of `env`).
    """
    env = os.environ if env is None else env
    if secrets_dirs is None:
        secrets_dirs = template.secrets_dirs_from_env(env)
    variables, digests = _vars_and_digests(vars_files)
    variables.update(vars or {})
    rendered = template.render(text, name, base_dir=base_dir, env=env, vars=variables, target=target,
                               secrets_dirs=secrets_dirs)
    desired = _finish(rendered.data, rendered.positions, rendered.tainted, rendered.secret_values, info=info,
                      base_dir=base_dir, sources=rendered.sources)
    desired.vars_files = digests
    desired.var_names = list(vars or {})
    return desired


def load(path, vars=None, vars_files=(), env=None, info=None, target=None, secrets_dirs=None):
    """Load and validate the desired-state file at `path`; raise ValidationError listing every problem.

    `info` is the target device's get-info body; without it the HDMI defaults from the
    reference are used.
    """
    path = files.tidy(path)
    try:
        raw = _read_capped(path)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise ValidationError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ValidationError([f"{path}: not UTF-8 text"]) from None
    desired = load_text(text, str(path), vars, vars_files, env, info, base_dir=files.folder(path), target=target,
                        secrets_dirs=secrets_dirs)
    desired.source = str(path)
    desired.sha256 = sha256_hex(raw)
    return desired


def _plain(value, path, secret_paths):
    """A copy of `value` with Secrets revealed (their paths noted), keys as strings."""
    if isinstance(value, Secret):
        secret_paths[path] = value.reveal()
        return value.reveal()
    if isinstance(value, dict):
        return {str(k): _plain(v, path + (str(k),), secret_paths) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, path + (i,), secret_paths) for i, v in enumerate(value)]
    return value


def load_data(data, name="config", info=None):
    """Load a desired state given as data (the Ansible module's `config:`): no templating, no lines."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError([f"{name}: the desired state must be a mapping of sections (device:, video:, ...)"])
    secret_paths = {}
    plain = _plain(data, (), secret_paths)
    return _finish(plain, yamlpos.NoPositions(name), frozenset(secret_paths), list(secret_paths.values()),
                   info=info)

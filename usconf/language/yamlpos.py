"""Safe YAML with positions: plain data plus the FILE:LINE:COL of every key and value.

Errors must point at the line a user wrote, so the document is composed into
nodes (never constructed by a loader that runs tags) and turned into data here,
recording where each path came from. Duplicate keys are an error, not a silent
overwrite.
"""
import yaml

from usconf.errors import ValidationError

_MERGE = "tag:yaml.org,2002:merge"
# A desired state has a few hundred values; this bounds what aliases may expand to.
MAX_NODES = 100_000


def path_text(path):
    """A path as the user reads it: video.main.bitrate, live.servers[1].key."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(document)"


class Positions:
    """Where each path of a document was written: (line, column), both 1-based."""

    def __init__(self, name):
        self.name = name
        self.keys = {}
        self.values = {}

    def of_key(self, path):
        """Position of the key that names `path`; for a path not written, where its parent is."""
        path = tuple(path)
        if path in self.keys:
            return self.keys[path]
        if path in self.values or not path:
            return self.values.get(path, (1, 1))
        return self.of_value(path[:-1])

    def of_value(self, path):
        """Position of the value at `path`; for a path not written, where its parent is."""
        path = tuple(path)
        if path in self.values:
            return self.values[path]
        if not path:
            return (1, 1)
        return self.of_value(path[:-1])

    def where(self, path, key=False):
        line, col = self.of_key(path) if key else self.of_value(path)
        return f"{self.name}:{line}:{col}"

    def order(self, path, key=False):
        return self.of_key(path) if key else self.of_value(path)


class NoPositions(Positions):
    """For data that never was a file (the Ansible module's `config:`): problems name the path only."""

    def where(self, path, key=False):
        return self.name

    def order(self, path, key=False):
        return (0, 0)


def _mark(node):
    return node.start_mark.line + 1, node.start_mark.column + 1


# libyaml parses several times faster than the pure-Python parser. Its C composer recurses per
# nesting level without Python's recursion guard, so only text that cannot nest deeply goes to it
# (block nesting needs a line per level; flow nesting needs a bracket per level).
_C_LOADER = getattr(yaml, "CSafeLoader", None)
MAX_FLOW_BRACKETS = 200


def _plain_style_as_python(nodes):
    """libyaml marks a plain scalar with style '', the Python parser with None: use None (quoted-ness is read)."""
    stack, seen = list(nodes), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        else:
            stack.extend(node.value)


def _compose(text):
    """The YAML documents of `text` as nodes; a YAML error is always the pure-Python parser's, word for word."""
    if _C_LOADER is not None and text.count("[") + text.count("{") <= MAX_FLOW_BRACKETS:
        try:
            nodes = list(yaml.compose_all(text, Loader=_C_LOADER))
        except yaml.YAMLError:
            pass      # parse again below: the messages users see (and tests check) are the Python parser's
        else:
            _plain_style_as_python(nodes)
            return nodes
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def parse(text, name, scalar=None):
    """Parse one YAML document into (data, Positions).

    `scalar(value, node, path)` may replace each constructed scalar value (the
    template stage uses it to put rendered values in). Mapping keys are kept as
    written (strings), so `on:` or `1:` never turn into booleans or numbers.
    Raises ValidationError with every structural problem found.
    """
    pos = Positions(name)
    problems = []
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        what = exc.problem or exc.context or "not valid YAML"
        raise ValidationError([f"{where}: YAML syntax: {what}"]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([f"{name}: YAML syntax: {exc}"]) from None
    except RecursionError:
        raise ValidationError([f"{name}: the document is nested too deeply"]) from None
    if len(nodes) > 1:
        line, col = _mark(nodes[1])
        raise ValidationError([f"{name}:{line}:{col}: one YAML document per file, found {len(nodes)}"])
    if not nodes or (isinstance(nodes[0], yaml.ScalarNode) and nodes[0].tag.endswith(":null")):
        return {}, pos
    root = nodes[0]
    constructor = yaml.constructor.SafeConstructor()
    budget = [MAX_NODES]
    open_nodes = set()
    if not isinstance(root, yaml.MappingNode):
        line, col = _mark(root)
        raise ValidationError([f"{name}:{line}:{col}: the document must be a mapping of sections (device:, video:, ...)"])

    def build(node, path):
        pos.values[path] = _mark(node)
        budget[0] -= 1
        if budget[0] < 0 or id(node) in open_nodes:
            line, col = _mark(node)
            raise ValidationError([f"{name}:{line}:{col}: {path_text(path)}: the document is recursive or "
                                   f"expands to more than {MAX_NODES} values through aliases"])
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            open_nodes.add(id(node))
            try:
                return build_collection(node, path)
            finally:
                open_nodes.discard(id(node))
        return build_scalar(node, path)

    def build_collection(node, path):
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    line, col = _mark(key_node)
                    problems.append(f"{name}:{line}:{col}: {path_text(path)}: merge keys (<<) are not supported; "
                                    "write the fields out")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = _mark(key_node)
                    problems.append(f"{name}:{line}:{col}: {path_text(path)}: a key must be a plain name")
                    continue
                key = key_node.value
                if scalar is not None:
                    key = str(scalar(key, key_node, path + (key,)))
                child = path + (key,)
                if key in out:
                    first = pos.keys[child][0]
                    line, col = _mark(key_node)
                    problems.append(f"{name}:{line}:{col}: {path_text(child)}: duplicate key {key!r} "
                                    f"(first given at line {first})")
                    continue
                pos.keys[child] = _mark(key_node)
                out[key] = build(value_node, child)
            return out
        return [build(item, path + (i,)) for i, item in enumerate(node.value)]

    def build_scalar(node, path):
        try:
            value = constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            line, col = _mark(node)
            problems.append(f"{name}:{line}:{col}: {path_text(path)}: {exc.problem}")
            return None
        if not isinstance(value, (str, int, float, bool, type(None))):
            # Dates, binary and sets have no meaning in the language; keep what was written.
            value = node.value
        if scalar is not None:
            value = scalar(value, node, path)
        return value

    try:
        data = build(root, ())
    except RecursionError:
        raise ValidationError([f"{name}: the document is nested too deeply"]) from None
    if problems:
        raise ValidationError(problems)
    return data, pos

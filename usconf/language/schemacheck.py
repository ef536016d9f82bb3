"""The language's JSON Schema compiled once into plain Python checks: is a document valid, yes or no.

Loading jsonschema costs more start-up time than the rest of `usconf validate`
together, and a valid file (the usual case) needs no error messages. So the
schema is compiled here into nested closures that answer only "valid?"; when
the answer is no, usconf.language.load asks jsonschema for the errors, so
messages stay exactly jsonschema's.

The checks follow JSON Schema 2020-12 as jsonschema implements it, for the
keywords this schema uses. A schema with any other keyword does not compile
(`compile_schema` returns None) and every document then goes to jsonschema:
the fast path can be missing, never wrong. tests/language/test_schemacheck.py
compares both on the examples and on many mutated documents.
"""
import re
from collections.abc import Mapping, Sequence

# Keywords that never make a document invalid.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default",
                         "readOnly", "writeOnly", "deprecated", "$defs"})


class Unsupported(Exception):
    """The schema uses a keyword this module does not implement."""


def _is_integer(value):
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value):
    # jsonschema asks numbers.Number; YAML and JSON give no number but int and float, and this
    # spares loading the numbers module at every start
    return not isinstance(value, bool) and isinstance(value, (int, float))


TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": _is_number,
}


_TRUE, _FALSE = object(), object()     # stand-ins that equal nothing, so true != 1 and false != 0


def _unbool(value):
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


def equal(one, two):
    """Equality as JSON Schema (and jsonschema) means it: true and 1 differ, lists compare item by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(k in two and equal(v, two[k]) for k, v in one.items())
    return _unbool(one) == _unbool(two)


class _Compiler:
    def __init__(self, root, lazy=False):
        self.root = root
        self.refs = {}          # "$ref" text -> check (filled lazily: refs may be recursive)
        self.lazy = lazy        # compile each property's schema at its first use

    def deferred(self, schema):
        """The check of `schema`, compiled when a document first has the part it checks."""
        compiled = []

        def check(v):
            if not compiled:
                compiled.append(self.node(schema))
            return compiled[0](v)
        return check

    def ref(self, text):
        if not text.startswith("#/"):
            raise Unsupported(f"$ref {text}")
        if text not in self.refs:
            self.refs[text] = None
            target = self.root
            for part in text[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            self.refs[text] = self.node(target)
        refs = self.refs
        return lambda v: refs[text](v)

    def node(self, schema):
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks = []
        for key, arg in schema.items():
            if key in ANNOTATIONS or key.startswith("x-") or key in ("then", "else"):
                continue
            checks.append(self.keyword(key, arg, schema))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def keyword(self, key, arg, schema):
        maker = getattr(self, "k_" + key.replace("$", "").replace("-", "_"), None)
        if maker is None:
            raise Unsupported(key)
        return maker(arg, schema)

    def k_ref(self, arg, schema):
        return self.ref(arg)

    def k_type(self, arg, schema):
        tests = [TYPES[t] for t in ([arg] if isinstance(arg, str) else arg)]
        if len(tests) == 1:
            return tests[0]
        return lambda v: any(t(v) for t in tests)

    def k_enum(self, arg, schema):
        options = list(arg)
        plain = {o for o in options if isinstance(o, str)}
        return lambda v: (v in plain) if isinstance(v, str) else any(equal(o, v) for o in options)

    def k_const(self, arg, schema):
        return lambda v: equal(v, arg)

    def k_pattern(self, arg, schema):
        search = re.compile(arg).search
        return lambda v: not isinstance(v, str) or search(v) is not None

    def k_minLength(self, arg, schema):
        return lambda v: not isinstance(v, str) or len(v) >= arg

    def k_maxLength(self, arg, schema):
        return lambda v: not isinstance(v, str) or len(v) <= arg

    def k_minimum(self, arg, schema):
        return lambda v: not _is_number(v) or not v < arg

    def k_maximum(self, arg, schema):
        return lambda v: not _is_number(v) or not v > arg

    def k_exclusiveMinimum(self, arg, schema):
        return lambda v: not _is_number(v) or not v <= arg

    def k_required(self, arg, schema):
        names = list(arg)
        return lambda v: not isinstance(v, dict) or all(n in v for n in names)

    def k_properties(self, arg, schema):
        compile_ = self.deferred if self.lazy else self.node
        subs = {name: compile_(sub) for name, sub in arg.items()}
        items = list(subs.items())
        return lambda v: not isinstance(v, dict) or all(check(v[n]) for n, check in items if n in v)

    def k_additionalProperties(self, arg, schema):
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if arg is False:
            return lambda v: not isinstance(v, dict) or all(k in known for k in v)
        check = self.node(arg)
        return lambda v: not isinstance(v, dict) or all(check(x) for k, x in v.items() if k not in known)

    def k_items(self, arg, schema):
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        check = self.node(arg)
        return lambda v: not isinstance(v, list) or all(check(x) for x in v)

    def k_allOf(self, arg, schema):
        checks = [self.node(sub) for sub in arg]
        return lambda v: all(check(v) for check in checks)

    def k_if(self, arg, schema):
        test = self.node(arg)
        then = self.node(schema.get("then", True))
        other = self.node(schema.get("else", True))
        return lambda v: then(v) if test(v) else other(v)


def compile_schema(schema, lazy=False):
    """A function document -> bool (valid or not), or None when the schema uses a keyword not handled here.

    lazy: compile each property's schema when a document first has that property. A file names a
    fraction of the language, and compiling all of it was 2 to 3 ms of every `usconf validate`
    and `plan`. A keyword not handled here then raises Unsupported from the check, when it is
    first met; tests/language/test_schemacheck.py compiles the language's schema whole, so its
    own never does.
    """
    try:
        return _Compiler(schema, lazy).node(schema)
    except Unsupported:
        return None

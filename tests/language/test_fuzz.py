"""Whatever a user writes, loading either succeeds or raises ValidationError: never anything else."""
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usconf.errors import ValidationError
from usconf.language.load import Desired, load_data, load_text, schema

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                 st.text(max_size=40), st.sampled_from(["8M", "1.5M", "8192k", "2s", "1920x1080", "main", "h264",
                                                        "Europe/Berlin", "10.0.0.5", "{{ env.X }}", "{{ vars.y }}"]))


def _resolve(node):
    if "$ref" in node:
        target = schema()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return {**target, **node}
    return node


def from_schema(node, depth=0):
    """Documents of the schema's shape: mostly allowed values, sometimes junk, sometimes unknown keys."""
    node = _resolve(node)
    if depth > 6:
        return junk
    kind = node.get("type")
    if "enum" in node:
        plain = st.sampled_from(node["enum"])
    elif "const" in node:
        plain = st.just(node["const"])
    elif kind == "object" or "properties" in node:
        props = {k: from_schema(v, depth + 1) for k, v in node.get("properties", {}).items()}
        plain = st.fixed_dictionaries({}, optional=props)
        plain = st.one_of(plain, st.builds(lambda d, extra: {**d, **extra}, plain,
                                           st.dictionaries(st.text(min_size=1, max_size=8), junk, max_size=2)))
    elif kind == "array":
        plain = st.lists(from_schema(node["items"], depth + 1), max_size=4)
    elif kind == "boolean":
        plain = st.booleans()
    elif kind in ("integer", ["integer", "string"]):
        plain = st.integers(-100, 10_000)
    elif kind == "number":
        plain = st.floats(-200, 200, allow_nan=False)
    else:
        plain = st.one_of(st.text(max_size=40), st.sampled_from(node.get("examples", [""])))
    return st.one_of(plain, plain, plain, junk)


documents = from_schema(schema())


def _only_validation_errors(call):
    try:
        result = call()
    except ValidationError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert isinstance(result, Desired)


@FUZZ
@given(documents)
def test_random_documents_as_data(doc):
    _only_validation_errors(lambda: load_data(doc))


@FUZZ
@given(documents)
def test_random_documents_as_yaml_text(doc):
    text = yaml.safe_dump(doc, allow_unicode=True)
    _only_validation_errors(lambda: load_text(text, env={"X": "x: y"}, vars={"y": "1"}))


yaml_alphabet = st.sampled_from(list("abc:-[]{}#&*!|>'\"%@` \n\t,?0123456789.") + ["{{", "}}", "{%", "<<", "---",
                                                                                   "video:", "  main:", "bitrate"])


@FUZZ
@given(st.one_of(st.text(max_size=200), st.lists(yaml_alphabet, max_size=60).map("".join)))
def test_random_yaml_text(text):
    _only_validation_errors(lambda: load_text(text, env={}))

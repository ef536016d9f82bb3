"""The compiled schema check says "valid" exactly when jsonschema does.

`usconf validate` skips jsonschema for documents the compiled check accepts, so
a document it wrongly accepted would load with no error at all. Compared here on
every example, every invalid-corpus document, and thousands of mutations of them.
"""
import copy
import random
from pathlib import Path

import jsonschema
import pytest
import yaml

from usconf.language import schemacheck
from usconf.language.load import _conforms, schema

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((Path(__file__).parent / "invalid").glob("*.yaml"))

# Values a user might put anywhere: right and wrong types, edge numbers, look-alikes.
ODD_VALUES = [None, True, False, 0, 1, -1, 1.0, 2.5, 0.0, 10 ** 9, -0.5, "", "x", "1", "true", "ftp", "rtmp",
              "1920x1080", "60", "8M", "h264", [], [1], ["a"], {}, {"type": "ftp"}, {"name": "x"}]


def _docs():
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        # templates are rendered later; replace expressions with a plain string so YAML parses them
        text = text.replace("{{", "'x").replace("}}", "x'")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            out.append(data)
    return out


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _paths(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _paths(sub, path + (i,))


def _mutate(doc, rng):
    doc = copy.deepcopy(doc)
    path = rng.choice(list(_paths(doc))[1:] or [()])
    if not path:
        return doc
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = rng.random()
    if action < 0.55:
        parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif action < 0.75 and isinstance(parent, dict):
        del parent[last]
    elif action < 0.9 and isinstance(parent, dict):
        parent[rng.choice(["extra", "nmae", "type", "url", "account_id", str(last) + "s"])] = rng.choice(ODD_VALUES)
    elif isinstance(parent[last], list) and parent[last]:
        parent[last].append(copy.deepcopy(parent[last][0]))
    else:
        parent[last] = {"nested": parent[last]}
    return doc


@pytest.fixture(scope="module")
def both():
    fast = _conforms()
    assert fast is not None, "the language schema no longer compiles: validate fell back to jsonschema"
    return fast, jsonschema.Draft202012Validator(schema())


def test_examples_and_corpus_agree(both):
    fast, full = both
    docs = _docs()
    assert len(docs) > 40
    for doc in docs:
        assert fast(doc) == full.is_valid(doc), doc


def test_mutated_documents_agree(both):
    fast, full = both
    rng = random.Random(20261202)
    docs = _docs()
    valid = invalid = 0
    for _ in range(3000):
        doc = rng.choice(docs)
        for _ in range(rng.randint(1, 3)):
            doc = _mutate(doc, rng)
        expected = full.is_valid(doc)
        assert fast(doc) == expected, doc
        valid += expected
        invalid += not expected
    assert valid > 100 and invalid > 100      # both answers were exercised


def test_a_keyword_it_does_not_know_turns_the_fast_path_off():
    assert schemacheck.compile_schema({"type": "object", "patternProperties": {"^x": {}}}) is None
    assert schemacheck.compile_schema({"type": "string", "format": "email"}) is None


def test_the_language_schema_compiles_whole():
    # validate compiles each property's schema at its first use (lazy); a keyword the fast check
    # lacks would only show when a document reached it. Compiled at once, all of it goes through.
    assert schemacheck.compile_schema(schema()) is not None


def test_a_keyword_met_late_hands_the_document_to_jsonschema(monkeypatch):
    from usconf.language import load as loading

    late = schemacheck.compile_schema({"properties": {"video": {"patternProperties": {"^x": {}}}}}, lazy=True)
    assert late is not None and late({"usconf": 1}) is True
    with pytest.raises(schemacheck.Unsupported):
        late({"video": {}})
    monkeypatch.setattr(loading, "_conforms", lambda: late)
    # jsonschema answers instead: the language's schema refuses a video section that is not a mapping
    assert loading.conforms({"usconf": 1, "video": 5}) is False
    assert loading.conforms({"usconf": 1, "video": {}}) is True


@pytest.mark.parametrize("schema_, value, expected", [
    ({"enum": [1, 2]}, True, False),            # true is not 1 in JSON Schema
    ({"const": False}, 0, False),
    ({"type": "integer"}, 3.0, True),            # 3.0 is an integer (draft 2020-12)
    ({"type": "integer"}, True, False),
    ({"type": "number", "minimum": 1}, "0", False),
    ({"minimum": 1}, "0", True),                 # minimum ignores non-numbers
    ({"exclusiveMinimum": 0}, 0, False),
    ({"pattern": "^a"}, 5, True),
    ({"if": {"properties": {"t": {"const": "ftp"}}}, "then": {"required": ["url"]},
      "else": {"required": ["id"]}}, {"t": "ftp", "id": 1}, False),
])
def test_edge_cases_match_jsonschema(schema_, value, expected):
    assert jsonschema.Draft202012Validator(schema_).is_valid(value) == expected
    assert schemacheck.compile_schema(schema_)(value) == expected

"""The schema is complete for editors, agrees with the model's secret list and with docs/language.md."""
from pathlib import Path

import jsonschema

from usconf import model
from usconf.language.load import resolve, schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "language.md"


def properties(node=None, path=""):
    node = resolve(node or schema())
    for key, sub in node.get("properties", {}).items():
        full = f"{path}.{key}" if path else key
        yield full, sub, resolve(sub)
        resolved = resolve(sub)
        yield from properties(resolved, full)
        if resolved.get("type") == "array":
            yield from properties(resolved["items"], full + "[]")


def objects(node):
    node = resolve(node)
    if node.get("type") == "object":
        yield node
    for sub in node.get("properties", {}).values():
        yield from objects(sub)
    if "items" in node:
        yield from objects(node["items"])


def test_schema_is_valid_2020_12_with_an_id():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema()["$id"].endswith("usconf.schema.json")


def test_every_property_has_help_and_an_example():
    missing = [p for p, sub, r in properties() if not (sub.get("description") or r.get("description"))
               or not (sub.get("examples") or r.get("examples"))]
    assert missing == []


def test_every_object_refuses_unknown_fields():
    assert all(o.get("additionalProperties") is False for o in objects(schema()))


def test_sensitive_fields_agree_with_the_model():
    ours = {p for p, _, r in properties() if r.get("x-usconf-sensitive")}
    assert ours == set(model.SENSITIVE)


def test_docs_list_every_field():
    text = DOCS.read_text(encoding="utf-8")
    assert [p for p, _, _ in properties() if f"| `{p}` |" not in text] == []


def test_read_only_fields_are_the_ones_the_device_cannot_set():
    assert {p for p, _, r in properties() if r.get("readOnly")} == {
        "audio.sample_rate", "audio.channels", "recording.startup", "recording.hdmi_control", "live.startup"}

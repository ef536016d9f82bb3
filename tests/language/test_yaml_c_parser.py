"""Files parse to the same values, positions and errors with libyaml as with the pure-Python parser.

usconf.language.yamlpos prefers libyaml for speed; a user must not see a different
line, column, quoted-ness or message because of it.
"""
from pathlib import Path

import pytest

from usconf.errors import ValidationError
from usconf.language import yamlpos

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((Path(__file__).parent / "invalid").glob("*.yaml"))
EXTRA = [
    "device:\n  name: \"Bühne ünd Saal\"\n  nick: 'x'\nvideo: {main: {bitrate: 4M}}\n",
    "a: &x {b: 1}\nc: *x\nd: [1, 'two', \"3\", no]\n",
    "a: [1, 2\n",                   # a syntax error
    "a: b: c\n",
    "- a\n- b\n",
]


def outcome(text):
    try:
        data, pos = yamlpos.parse(text, "f.yaml", scalar=lambda value, node, path: (value, node.style))
    except ValidationError as exc:
        return ("error", exc.problems)
    return data, dict(pos.values), dict(pos.keys)


@pytest.mark.skipif(yamlpos._C_LOADER is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in FILES] + EXTRA)
def test_libyaml_and_python_parsers_agree(text, monkeypatch):
    fast = outcome(text)
    monkeypatch.setattr(yamlpos, "_C_LOADER", None)
    assert fast == outcome(text)


def test_deep_flow_nesting_goes_to_the_python_parser():
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(ValidationError, match="nested too deeply|YAML"):
        yamlpos.parse(text, "deep.yaml")
    assert text.count("[") > yamlpos.MAX_FLOW_BRACKETS

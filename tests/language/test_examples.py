"""Every example in examples/ validates as a user would run it, and means what it says."""
from pathlib import Path

import pytest

from usconf.language.load import load
from usconf.secrets import Secret

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHARED_EXAMPLE = Path("/work/shared/design/example-studio.yaml")
STANDALONE = ["studio.yaml", "minimal.yaml", "rtsp.yaml"]
ROOMS = sorted((EXAMPLES / "lecture-hall" / "rooms").glob("*.yaml"))


@pytest.mark.parametrize("name", STANDALONE)
def test_example_validates(name, example_env):
    desired = load(EXAMPLES / name, env=example_env)
    assert desired.source == str(EXAMPLES / name)
    assert len(desired.sha256) == 64


@pytest.mark.parametrize("room", ROOMS, ids=[r.stem for r in ROOMS])
def test_lecture_hall_template_validates_for_every_room(room, example_env):
    desired = load(EXAMPLES / "lecture-hall" / "room.yaml", vars_files=[room], env=example_env)
    number = room.stem.split("-")[1]
    assert desired.canonical["device"]["name"] == f"Lecture Hall {number}"
    assert desired.canonical["recording"]["folder"] == f"Lectures/{number}"
    assert isinstance(desired.canonical["recording"]["segment_minutes"], int)


def test_there_is_more_than_one_room():
    assert len(ROOMS) >= 2


def test_every_example_points_editors_at_the_schema():
    for path in [EXAMPLES / n for n in STANDALONE] + [EXAMPLES / "lecture-hall" / "room.yaml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (EXAMPLES.parent / "schemas" / "usconf.schema.json").resolve()


def test_studio_example_is_the_shared_one():
    if not SHARED_EXAMPLE.exists():
        pytest.skip("shared design example not present")
    ours = (EXAMPLES / "studio.yaml").read_text(encoding="utf-8").splitlines()[1:]
    theirs = SHARED_EXAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    assert ours == theirs


def test_studio_secrets_are_wrapped_and_their_values_kept(example_env):
    desired = load(EXAMPLES / "studio.yaml", env=example_env)
    key = desired.doc["live"]["servers"][0]["key"]
    assert isinstance(key, Secret) and key.reveal() == example_env["YT_KEY"]
    assert desired.doc["users"][0]["password"].reveal() == example_env["OPS_PASSWORD"]
    assert ("uploads", "servers", 0, "password") in desired.secrets
    assert desired.canonical["video"]["main"]["bitrate"] == 4096
    assert desired.canonical["video"]["sub"]["bitrate"] == 1536
    assert desired.canonical["video"]["main"]["fps"] == 59.94


def test_examples_name_no_address_outside_documentation_ranges():
    """Examples are applied to emulated devices: hosts must be documentation names or private 10.x."""
    import re
    from urllib.parse import urlsplit
    value = re.compile(r"^\s*-?\s*(?:url|address|ingest|gateway|dns|netmask): *\"?([^\s\"]+)", re.M)
    for path in EXAMPLES.rglob("*.yaml"):
        for match in value.finditer(path.read_text(encoding="utf-8")):
            text = match.group(1)
            if "{{" in text:
                continue
            host = urlsplit(text).hostname if "://" in text else text
            assert host.endswith(".example.net") or host.startswith(("10.", "255.")), f"{path}: {text}"

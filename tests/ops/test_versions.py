"""The firmware version each method and section needs, as the API reference marks it."""
import importlib.util
import os
import pathlib

import pytest

from usconf.client.methods import KNOWN
from usconf.spec import versions

ROOT = pathlib.Path(__file__).parents[2]
REFERENCE = pathlib.Path(os.environ.get("USCONF_API_REFERENCE", ROOT.parent / "shared" / "spec" /
                                        "ultra-stream-api.txt"))


def parser():
    spec = importlib.util.spec_from_file_location("method_versions", ROOT / "scripts" / "method_versions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_is_the_references_marks():
    if not REFERENCE.exists():
        pytest.skip("API reference text not present (set USCONF_API_REFERENCE)")
    names, added = parser().parse(REFERENCE.read_text(encoding="utf-8"))
    assert names == KNOWN
    assert versions.ADDED_IN == added


def test_the_table_and_sections_name_only_real_methods():
    assert set(versions.ADDED_IN) <= KNOWN
    assert set(versions.SECTION_METHODS.values()) <= KNOWN


def test_parse_reads_a_mark_under_its_heading():
    text = ("x\n set-ssdp\nAdded in V1.3\n\nGET http://ip/usapi?method=set-ssdp&is-ssdp=1\n"
            " reboot\nGET http://ip/usapi?method=reboot\nGET http://ip/usapi?method=xxx\n")
    assert parser().parse(text) == ({"set-ssdp", "reboot"}, {"set-ssdp": "1.3"})


@pytest.mark.parametrize("firmware, method, has", [
    ("1.4.98", "set-auto-live", True), ("1.4.98", "add-nosignal-file", False), ("1.5.0", "cloud-reg-ex", True),
    ("1.2.122", "set-rec-control", False), ("1.10.1", "add-nosignal-file", True), ("1.2.122", "reboot", True),
])
def test_has_method(firmware, method, has):
    assert versions.has_method(firmware, method) is has


def test_missing_sections_names_path_method_and_version():
    doc = {"cloud": [], "device": {"name": "x", "buttons": {"live_key_reset": True}}}
    assert versions.missing_sections(doc, "1.3.5") == [
        (("device", "buttons", "live_key_reset"), "set-enable-key-reset", "1.4"), (("cloud",), "cloud-reg-ex", "1.5")]

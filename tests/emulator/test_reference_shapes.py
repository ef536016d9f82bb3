"""The emulator answers with exactly the keys of the API reference's sample answers.

The samples are extracted from the reference by scripts/extract_reference.py into
tests/fixtures/reference/<method>.json (a tree of keys; `{}` or `[]` in a sample is a
part the reference does not spell out, so it is not compared). Where the reference
text is beside the clone (../shared/spec), the fixtures and usconf/spec/requests.py
must still be what the script extracts from it.
"""
import importlib.util
import json
import pathlib

import pytest

from tests.emulator.helpers import logged_in

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reference"
REFERENCE = ROOT.parent / "shared" / "spec" / "ultra-stream-api.txt"
SAMPLES = {p.stem: json.loads(p.read_text()) for p in sorted(FIXTURES.glob("*.json"))}

# Where the emulator's answer has a key the sample lacks, and why; nothing else may differ.
ALLOWED_EXTRA = {
    # add-server takes event-data (its parameter list) but the sample server predates it:
    # without reading it back a changed event could never be compared.
    "get-settings.stream-server[].event-data": "add-server's parameter, read back to compare",
}
# Parameters of the reads that take some.
PARAMS = {"get-media-files": {"disk-type": "1", "start": "0", "count": "3"},
          "send-file-get-status": {"disk-type": "1", "start": "0", "count": "3"}}
CLOUD_API = {"cloud-status": {"version": "1"}}


def shape_differences(sample, answer, path, out):
    """Where `answer` has other keys than `sample` (recursively; lists by each item)."""
    if isinstance(sample, dict):
        if not sample:
            return                        # the reference shows `{}`: not spelled out
        if not isinstance(answer, dict):
            out.append(f"{path}: not an object")
            return
        for key in sorted(set(sample) | set(answer)):
            where = f"{path}.{key}"
            if key not in answer:
                out.append(f"{where}: missing")
            elif key not in sample:
                if where not in ALLOWED_EXTRA:
                    out.append(f"{where}: not in the reference's sample")
            else:
                shape_differences(sample[key], answer[key], where, out)
    elif isinstance(sample, list):
        if not sample:
            return
        if not isinstance(answer, list):
            out.append(f"{path}: not a list")
            return
        for item in answer:
            shape_differences(sample[0], item, f"{path}[]", out)


@pytest.fixture(scope="module")
def populated():
    """A device holding one item of each list the samples show (an RTMP server, a drive upload server)."""
    from usconf.emulator import running
    with running() as emu:
        api = logged_in(emu)
        assert api.result("add-server", type=0, name="Main", url="rtmp://127.0.0.1/live", key="k",
                          net_mode=1) == 0
        assert api.result("send-file-add-server", type=2, net_mode=2, account_id="dbid:1", user_name="u") == 0
        yield emu, api


def test_reference_samples_were_extracted():
    for method in ("get-settings", "get-info", "get-status", "get-users", "get-edid-config", "ping",
                   "get-media-files", "send-file-get-status", "cloud-status"):
        assert method in SAMPLES, method


@pytest.mark.parametrize("method", sorted(SAMPLES))
def test_answer_has_exactly_the_sample_keys(populated, method):
    _, api = populated
    if method in CLOUD_API:
        answer = api.cloud(method, **CLOUD_API[method])
    else:
        answer = api.call(method, **{k.replace("-", "_"): v for k, v in PARAMS.get(method, {}).items()})
    assert int(answer["result"]) == 0
    out = []
    shape_differences(SAMPLES[method], answer, method, out)
    assert out == []


def test_state_the_sample_lacks_stays_inside_the_emulator(populated):
    emu, api = populated
    settings = api.call("get-settings")
    # Kept and acted on (a recording's file names follow file-name-mode), never reported.
    assert "is-startup-rec" not in settings and "is-startup-live" not in settings
    assert "file-name-mode" not in settings["rec-control"]
    assert "codec" not in settings["sub-stream"] and "is-auto" not in settings["sub-stream"]
    assert api.result("set-rec-control", usb_option=1, sd_option=1, root_folder="REC_Folder", file_name_mode=1,
                      time_unit=5) == 0
    assert api.call("get-settings")["rec-control"]["file-prefix"] == ""
    assert emu.backend.settings["rec-control"]["file-name-mode"] == 1


def test_shape_comparison_sees_a_missing_and_an_extra_key():
    out = []
    shape_differences({"a": None, "b": {"c": None}, "l": [{"x": None}]},
                      {"a": 1, "b": {"c": 1, "d": 2}, "l": [{"x": 1}, {}]}, "m", out)
    assert out == ["m.b.d: not in the reference's sample", "m.l[].x: missing"]


def _script():
    spec = importlib.util.spec_from_file_location("extract_reference", ROOT / "scripts" / "extract_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REFERENCE.exists(), reason="the API reference is not beside the clone")
def test_fixtures_and_example_requests_still_match_the_reference():
    assert _script().main(["extract_reference.py", str(REFERENCE), "--check"]) == 0


@pytest.mark.skipif(not REFERENCE.exists(), reason="the API reference is not beside the clone")
def test_extraction_reads_broken_lines_back_together():
    requests, samples = _script().extract(REFERENCE.read_text(encoding="utf-8", errors="replace"))
    # A URL the PDF broke in the middle of a parameter name (`is-sat-r` / `ange=0`).
    assert requests["set-video-output-format"][0]["params"][-2:] == ("is-sat-range", "sat-range")
    assert "file-name-mode" in requests["set-rec-control"][0]["params"]
    # A sample with a missing colon (`"is-low-latency" 0`) and an unterminated string (`",`).
    assert "is-low-latency" in samples["get-settings"]
    assert {"refresh-token", "dir-name"} <= set(samples["get-settings"]["send-file-cloud"][0])

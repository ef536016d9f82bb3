"""Every method of the API is reachable by name: a named command, the language, or both.

`usconf call` is the escape hatch and does not count. Commands count by what they
actually ask an emulated device; the language by the methods the planner emits
(the section descriptors' calls and usconf/plan's own) and the reads every plan starts with.
"""
import pathlib
import re

from tests.ops.conftest import add_live_server, session
from usconf.client.methods import KNOWN
from usconf.emulator.firmware import make_mwf
from usconf.model import read_snapshot, sections

PLAN = pathlib.Path(__file__).parents[2] / "usconf" / "plan"


def language_methods(emu):
    """What plans send (the section descriptors' calls and the planner's own string literals) and what
    a plan reads first."""
    planner = {setting.method for setting in sections.ALL}
    for path in PLAN.glob("*.py"):
        planner |= set(re.findall(r'"([a-z][a-z-]+[a-z])"', path.read_text(encoding="utf-8"))) & KNOWN
    before = len(emu.requests)
    with session(emu) as dev:
        read_snapshot(dev)
    return planner | {r["method"] for r in list(emu.requests)[before:]}


def command_methods(emu, usconf, tmp_path):
    """Run every named command once; the methods the device was asked."""
    fw = tmp_path / "fw.mwf"
    fw.write_bytes(make_mwf("hdmi", "1.6.0", 4096))
    with session(emu) as dev:
        add_live_server(dev, "main")
        dev.call("send-file-add-server", {"type": 0, "url": "ftp.example.net", "port": 21, "login-type": 0})
    quick = ("--interval", "0.05")
    runs = [
        ("rec", "start", *quick), ("rec", "stop", *quick), ("rec", "clear"),
        ("live", "start", *quick), ("live", "stop", *quick), ("live", "clear"),
        ("storage", "status"), ("storage", "format", "--disk", "sd", "--yes", *quick),
        ("storage", "format", "--disk", "usb", "--yes", *quick), ("storage", "test", *quick),
        ("storage", "test", "--stop"),
        ("rec", "start", *quick), ("rec", "stop", *quick),
        ("media", "list"), ("media", "upload", "VID_1.mp4"), ("media", "upload", "--remove", "VID_1.mp4"),
        ("media", "upload", "--stop"), ("media", "upload", "--start"), ("media", "upload", "--clear"),
        ("media", "delete", "--disk", "sd", "VID_1.mp4"),
        ("test", "live", "main", *quick), ("test", "upload", "ftp.example.net", *quick), ("test", "stop"),
        ("report", "-o", str(tmp_path / "r.html")), ("report", "-o", str(tmp_path / "r2.html"), "--export"),
        ("signal",),
        ("edid", "export", "-o", str(tmp_path / "e.bin")),
        ("edid", "export", "--loop-through", "-o", str(tmp_path / "l.bin")),
        ("edid", "import", str(tmp_path / "e.bin")), ("edid", "import", "--loop-through"),
        ("firmware", "status"), ("firmware", "check", *quick),
        lambda: emu.backend.timings.update({"update": 30.0}),     # still downloading when cancelled
        ("firmware", "update", "--online"), ("firmware", "cancel-download"), ("firmware", "clear"),
        lambda: emu.backend.timings.update({"update": 0.3}),
        ("firmware", "upload", str(fw)), ("firmware", "update", "--wait", *quick),
        ("wifi", "disconnect"),
        ("reboot", "--wait", *quick), ("reset", "--yes", "--wait", *quick),
    ]
    asked = set()
    for args in runs:
        if callable(args):
            args()
            continue
        code, _, err, methods = usconf(emu, *args)
        assert code == 0, (args, err)
        asked |= set(methods)
    return asked


def test_every_method_is_reachable_by_name(device, usconf, tmp_path):
    emu = device(timings={"update": 0.3, "shutdown": 0.1, "reboot": 0.3, "format": 0.2, "disk-test": 0.2,
                          "stream-test": 0.2, "send-test": 0.2, "check-update": 0.1})
    commands = command_methods(emu, usconf, tmp_path)
    language = language_methods(emu)
    assert len(KNOWN) == 99
    assert sorted(KNOWN - commands - language) == []
    assert commands <= KNOWN

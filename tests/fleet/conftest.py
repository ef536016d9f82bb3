"""A small emulated fleet on loopback with an inventory, and `usconf` run in-process as a user runs it."""
import sys
import textwrap
from pathlib import Path

import pytest

from usconf.cli import main
from usconf.emulator import running

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STUDIO = """\
usconf: 1
device:
  name: "{{ vars.org }} {{ target.name }}"
video:
  main:
    bitrate: "{{ vars.bitrate }}"
"""
HALL = """\
usconf: 1
device:
  name: "Hall {{ vars.room }} of {{ target.group }}"
"""


class Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"Result(code={self.code}, out={self.out[-2000:]!r}, err={self.err[-2000:]!r})"


@pytest.fixture
def usconf(capsys):
    """Run `usconf ARGS...` in this process; returns its exit code, stdout and stderr."""
    def run(*args):
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err)
    return run


def device_line(name, device, extra=""):
    return f"      {name}: {{url: \"{device.url}\", cloud_port: {device.cloud_port}{extra}}}\n"


def write_fleet(root, group):
    """studios: studio-a, studio-b, studio-c (studio.yaml); halls: hall-1, hall-2 (hall.yaml)."""
    root = Path(root)
    (root / "configs").mkdir(exist_ok=True)
    (root / "vars").mkdir(exist_ok=True)
    (root / "configs" / "studio.yaml").write_text(STUDIO)
    (root / "configs" / "hall.yaml").write_text(HALL)
    (root / "vars" / "halls.yaml").write_text("room: '0'\n")
    d = group.devices
    text = textwrap.dedent("""\
        usconf: 1
        defaults:
          vars: {org: ACME, bitrate: 6M}
        groups:
          studios:
            file: configs/studio.yaml
            vars: {bitrate: 8M}
            devices:
        """)
    text += device_line("studio-a", d[0]) + device_line("studio-b", d[1], ", vars: {bitrate: 2M}")
    text += device_line("studio-c", d[2])
    text += "  halls:\n    file: configs/hall.yaml\n    vars_files: [vars/halls.yaml]\n    devices:\n"
    text += device_line("hall-1", d[3], ", vars: {room: '101'}") + device_line("hall-2", d[4])
    path = root / "fleet.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def fleet(tmp_path):
    """Five factory-new emulated devices and the inventory naming them: (inventory path, group)."""
    with running(count=5, port=0, cloud_port=0) as group:
        yield write_fleet(tmp_path, group), group

"""Operations on a fleet: `-i/--inventory` and `--limit` on a named command run it on each device."""
import json

import pytest

from usconf.cli import main
from usconf.emulator import running
from usconf.fleet.emulated import write_inventory


@pytest.fixture
def fleet(tmp_path):
    with running(count=3, timings={"shutdown": 0.0, "reboot": 0.2}) as group:
        path, _ = write_inventory(str(tmp_path / "fleet.yaml"), [(d.url, d.cloud_port) for d in group.devices])
        yield path, group


def run(capsys, *args):
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_rec_start_on_a_fleet_records_on_every_selected_device(fleet, capsys):
    path, group = fleet
    code, out, err = run(capsys, "rec", "start", "-i", path, "--limit", "!emu-003", "--interval", "0.05")
    assert code == 0, err
    recording = [d.backend.rec["since"] is not None for d in group.devices]
    assert recording == [True, True, False]
    assert sorted(line.split(":")[0] for line in out.splitlines()) == ["emu-001", "emu-002"]


def test_a_refusing_device_fails_alone_and_is_named_last(fleet, capsys):
    path, group = fleet
    group.devices[1].backend.settings["rec-control"].update({"usb-option": 0, "sd-option": 0})   # no disk
    code, out, err = run(capsys, "rec", "start", "-i", path, "--json", "--interval", "0.05")
    assert code == 1
    by_name = {o["device"]: o for o in map(json.loads, out.splitlines())}
    assert by_name["emu-001"]["status"] == "changes" and by_name["emu-003"]["status"] == "changes"
    assert by_name["emu-002"]["status"] == "error" and "no disk" in by_name["emu-002"]["error"]
    assert err.splitlines()[-1].startswith("FAILED emu-002")
    assert [d.backend.rec["since"] is not None for d in group.devices] == [True, False, True]


def test_limit_without_an_inventory_is_a_usage_error(capsys):
    code, _, err = run(capsys, "rec", "stop", "--limit", "studio-*", "--device", "http://127.0.0.1:9")
    assert code == 2 and "--limit and --quiet only work with -i/--inventory" in err

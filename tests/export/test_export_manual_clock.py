"""A device whose clock is set by hand exports to a file that validates and plans to no change."""
from usconf import model
from usconf.client import Client
from usconf.language import load
from usconf.language.export import export
from usconf.plan.make import make_plan

FIRST = {"name": "Box", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1", "time": ""}


def test_export_of_a_device_with_a_manual_clock_validates_and_plans_nothing(emulator):
    emulator.backend.handle("set-first-over", FIRST)
    emulator.backend.handle("set-date-time", {"timezone": "Europe/Berlin", "is-auto": "0",
                                              "time": "2026-03-01 08:30:00"})
    with Client(emulator.url, cloud_url=emulator.cloud_url, timeout=5) as client:
        exported = export(model.read_snapshot(client))
        assert "    auto: false\n" in exported.text
        env = {name: secret.reveal() for name, secret in exported.env.items()}
        desired = load.load_text(exported.text, name="exported.yaml", env=env)
        assert desired.canonical["device"]["time"] == {"timezone": "Europe/Berlin", "auto": False}
        assert make_plan(desired, client).empty


def test_a_manual_clock_without_a_time_keeps_the_device_clock_when_the_timezone_changes(emulator):
    emulator.backend.handle("set-first-over", FIRST)
    emulator.backend.handle("set-date-time", {"timezone": "UTC", "is-auto": "0", "time": "2026-03-01 08:30:00"})
    desired = load.load_text("usconf: 1\ndevice:\n  time:\n    timezone: Europe/Berlin\n    auto: false\n")
    with Client(emulator.url, cloud_url=emulator.cloud_url, timeout=5) as client:
        plan = make_plan(desired, client)
        [call] = plan.calls
        # the device's own running clock, as get-status read it: never an empty or made-up time
        assert call.method == "set-date-time" and call.params["time"].startswith("2026-03-01 08:")

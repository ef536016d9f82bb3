"""`usconf emulator --count N --inventory-out FILE` writes an inventory the fleet commands use as is."""
import os
import subprocess
import sys

from usconf.fleet.inventory import load_inventory


def test_the_written_inventory_plans_and_applies_the_emulated_fleet(tmp_path, usconf):
    inventory = tmp_path / "fleet.yaml"
    proc = subprocess.Popen([sys.executable, "-m", "usconf", "emulator", "--count", "3", "--port", "0",
                             "--inventory-out", inventory], stdout=subprocess.PIPE, text=True,
                            env={k: v for k, v in os.environ.items() if not k.startswith("USCONF_")})
    try:
        ready = [proc.stdout.readline().split()[1] for _ in range(3)]
        devices = load_inventory(inventory).devices
        assert [(d.name, d.group, d.url) for d in devices] == [
            ("emu-001", "emulated", ready[0]), ("emu-002", "emulated", ready[1]), ("emu-003", "emulated", ready[2])]
        assert (tmp_path / "fleet-device.yaml").exists()
        assert inventory.read_text().startswith("# yaml-language-server: $schema=")
        applied = usconf("apply", "-i", inventory, "--yes", "--limit", "emu-002")
        assert applied.code == 0, applied
        drift = usconf("drift", "-i", inventory, "--json")
        assert drift.code == 2
        assert [line.split('"status": "')[1].split('"')[0] for line in drift.out.splitlines()] == [
            "changes", "ok", "changes"]
    finally:
        proc.terminate()
        proc.wait(10)

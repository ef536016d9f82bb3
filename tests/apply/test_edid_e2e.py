"""EDID end to end: `default: true` restores the default once and then plans clean."""
import base64

from usconf.apply.run import apply_plan
from usconf.client import Client
from usconf.language.load import load_text
from usconf.plan.make import make_plan
from usconf.spec.edid import DEFAULT_EDID_B64


def custom_edid():
    data = bytearray(base64.b64decode(DEFAULT_EDID_B64))
    data[8] ^= 0x01                                  # another manufacturer id
    data[127] = (-sum(data[:127])) % 256             # keep the base block's checksum valid
    return bytes(data)


def test_default_edid_is_restored_once_then_plans_clean(emulator, tmp_path):
    edid = tmp_path / "custom.bin"
    edid.write_bytes(custom_edid())
    imported = load_text(f"usconf: 1\nedid:\n  file: {edid}\n", name="import.yaml")
    restored = load_text("usconf: 1\nedid:\n  default: true\n", name="default.yaml")
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        first = make_plan(restored, dev)
        # only the first boot: a factory-new device already holds the default EDID
        assert [c.path for c in first.changes] == ["device.first_boot"]
        assert apply_plan(first, dev, restored).ok           # set-first-over only
        assert apply_plan(make_plan(imported, dev), dev, imported).ok
        assert dev.get_edid_config()["data"] != DEFAULT_EDID_B64

        plan = make_plan(restored, dev)
        assert [c.method for c in plan.calls] == ["set-default-edid"]
        assert apply_plan(plan, dev, restored).ok
        assert "".join(dev.get_edid_config()["data"].split()) == DEFAULT_EDID_B64
        assert make_plan(restored, dev).empty

"""An emulated device with short job timings, and the CLI run in-process against it."""
import pytest

from usconf.cli import main

# Every background job of the emulator takes a fraction of a second here.
FAST = {"format": 0.3, "disk-test": 0.3, "stream-test": 0.3, "send-test": 0.3, "update": 0.4,
        "shutdown": 0.2, "reboot": 0.4, "check-update": 0.1, "live-connect": 0.1, "upload-file": 0.1}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("USCONF_DEVICE", "USCONF_USERNAME", "USCONF_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def device(emulator_factory):
    """start(**kwargs): a fast emulated device; kwargs as running() takes them."""
    def start(**kwargs):
        kwargs.setdefault("timings", FAST)
        return emulator_factory(**kwargs)
    return start


@pytest.fixture
def usconf(capsys):
    """usconf(emu, *args) -> (exit code, stdout, stderr, methods the device was asked)."""
    def run(emu, *args):
        before = len(emu.requests)
        with pytest.raises(SystemExit) as done:
            main([*args, "--device", emu.url])
        out = capsys.readouterr()
        methods = [r["method"] for r in list(emu.requests)[before:]]
        return done.value.code, out.out, out.err, methods
    return run


def session(emu):
    """A logged-in client for setting a scene up (what the test then runs goes through the CLI)."""
    from usconf.client import Client, RetryPolicy
    return Client(emu.url, "Admin", "Admin", cloud_url=emu.cloud_url, retries=RetryPolicy(attempts=2, backoff=0.01))


def add_live_server(dev, name, url="rtmp://live.example.net/app", key="streamkey-0001", enabled=True):
    dev.call("add-server", {"type": 0, "name": name, "url": url, "key": key})
    ident = next(s["id"] for s in dev.get_settings()["stream-server"] if s["name"] == name)
    if enabled:
        dev.call("enable-server", id=ident, is_use=1)
    return ident

"""Starting and stopping a set of emulated devices: `running(...)` and the CLI share it."""
import contextlib
import json
import threading

from usconf.addresses import is_loopback
from usconf.emulator import factory, persist
from usconf.emulator.backend import Backend
from usconf.emulator.device import Device
from usconf.emulator.discovery import DiscoveryResponder
from usconf.emulator.faults import Faults
from usconf.emulator.http import start_hub
from usconf.emulator.hub import Limits
from usconf.errors import UsconfError


class JsonlLog:
    """--log FILE.jsonl: one line per request, shared by every device of a run."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 -- open for the whole run
        self.lock = threading.Lock()

    def __call__(self, entry):
        line = json.dumps(entry)
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()

    def close(self):
        self.file.close()


class Group:
    """Devices of one run; `.url`, `.backend`, `.faults`, `.requests` are the first device's."""

    def __init__(self, devices, hub, log):
        self.devices, self.hub, self.log = devices, hub, log
        self.stopped = False
        self.discovery = None              # DiscoveryResponder when started with discovery_port

    def __getattr__(self, name):
        if name in ("url", "cloud_url", "backend", "faults", "requests", "host", "port", "cloud_port"):
            return getattr(self.devices[0], name)
        raise AttributeError(name)

    def stop(self):
        """Close every listener and connection; safe to call more than once."""
        if self.stopped:
            return
        self.stopped = True
        for device in self.devices:
            device.drop_connections()
        self.hub.stop()
        if self.log:
            self.log.close()


def start(count=1, model="hdmi", password="Admin", faults=None, state_file=None, host="127.0.0.1", port=0,
          cloud_port=0, log_file=None, seed=0, timings=None, clock=None, allow_non_loopback=False,
          discovery_port=None, firmware=None, startup_rec=False, limits=None, strict=False):
    """Serve `count` devices. `firmware`: the version they run; `startup_rec`: they record from power-on
    (the device's is-startup-rec), as a box someone else started would be; `limits` (hub.Limits)
    bounds connections, workers, bodies and idle time; `strict`: the strict profile
    (usconf/spec/params.py)."""
    if not is_loopback(host) and not allow_non_loopback:
        raise UsconfError(f"refusing to listen on {host}: not a loopback address (use --allow-non-loopback)")
    if model not in ("hdmi", "sdi"):
        raise UsconfError(f"unknown model {model!r}: expected hdmi or sdi")
    faults = faults or Faults(seed=seed)
    try:
        log = JsonlLog(log_file) if log_file else None
    except OSError as exc:
        raise UsconfError(f"cannot open log file {log_file}: {exc.strerror or exc}") from None
    devices, hub = [], start_hub(limits or Limits())
    try:
        for i in range(count):
            own = faults if i == 0 else faults.reseeded(faults.seed + i)
            backend = Backend(model, serial=factory.serial_for(model, i), password=password, seed=seed + i,
                              timings=timings, clock=clock, faults=own, firmware_version=firmware, strict=strict)
            path = persist.path_for(state_file, i) if state_file else None
            if path:
                try:
                    persist.load(backend, path)
                except (OSError, ValueError, KeyError) as exc:
                    raise UsconfError(f"cannot load state file {path}: {exc}") from None
            if startup_rec:
                backend.settings["is-startup-rec"] = 1
                backend.power_on()
            device = Device(backend, own, host, index=i, state_file=path, log=log)
            try:
                device.listen(port + i if port else 0, cloud_port + i if cloud_port else 0)
            except OSError as exc:
                want = f"{port + i if port else 0}/{cloud_port + i if cloud_port else 0}"
                raise UsconfError(f"cannot listen on {host} port {want}: {exc.strerror or exc}") from None
            device.hub = hub
            backend.host = host
            hub.add(device.server)
            hub.add(device.cloud_server)
            devices.append(device)
        group = Group(devices, hub, log)
        if discovery_port is not None:
            try:
                group.discovery = DiscoveryResponder(devices, host, discovery_port)
            except OSError as exc:
                raise UsconfError(f"cannot listen for discovery on {host} UDP port {discovery_port}: "
                                  f"{exc.strerror or exc}") from None
            hub.add(group.discovery)
    except BaseException:
        for device in devices:
            device.drop_connections()
        hub.stop()
        if log:
            log.close()
        raise
    return group


@contextlib.contextmanager
def running(count=1, model="hdmi", password="Admin", faults=None, state_file=None, host="127.0.0.1", port=0,
            cloud_port=0, log_file=None, seed=0, timings=None, clock=None, discovery_port=None, firmware=None,
            startup_rec=False, limits=None, strict=False):
    """Serve `count` emulated devices on loopback for the duration of the block."""
    group = start(count=count, model=model, password=password, faults=faults, state_file=state_file,
                  host=host, port=port, cloud_port=cloud_port, log_file=log_file, seed=seed,
                  timings=timings, clock=clock, discovery_port=discovery_port, firmware=firmware,
                  startup_rec=startup_rec, limits=limits, strict=strict)
    try:
        yield group
    finally:
        group.stop()

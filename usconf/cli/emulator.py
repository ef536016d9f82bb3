"""`usconf emulator`: serve emulated encoders until Ctrl-C or SIGTERM."""
import signal
import threading

import click

from usconf.cli import cli
from usconf.emulator.faults import Faults
from usconf.emulator.group import start
from usconf.emulator.hub import Limits


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; must be loopback unless --allow-non-loopback.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the first device; device i gets PORT+i (0: a free port each).")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 5000), help="Number of devices.")
@click.option("--model", type=click.Choice(["hdmi", "sdi"]), default="hdmi", show_default=True)
@click.option("--state", "state", type=click.Path(dir_okay=False),
              help="Keep configuration in FILE across restarts; device i>0 uses FILE-i (state.json -> state-1.json).")
@click.option("--password", default="Admin", show_default=True, help="Factory password of the Admin user.")
@click.option("--cloud-port", type=click.IntRange(0, 65535),
              help="Cloud API port of the first device, then +1 per device. Default: PORT+1000 (0 with --port 0).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False),
              help="Append one JSON line per request (secret values masked).")
@click.option("--latency", default=0, type=click.IntRange(0), help="Delay every answer by MS milliseconds.")
@click.option("--write-lag", default=0.0, type=click.FloatRange(0),
              help="Reads show a write only S seconds after the last write.")
@click.option("--busy-rate", default=0.0, type=click.FloatRange(0, 1), help="Answer errBusy (-9) to this share.")
@click.option("--drop-rate", default=0.0, type=click.FloatRange(0, 1),
              help="Close the connection without answering for this share of requests.")
@click.option("--drop-at", type=click.IntRange(1), help="Drop the N-th request (1-based, all requests).")
@click.option("--drop-mode", type=click.Choice(["before", "after"]), default="before", show_default=True,
              help="Drop before applying, or apply and then drop.")
@click.option("--expire-after", type=click.IntRange(1), help="A session dies after N requests made with it.")
@click.option("--string-results", is_flag=True, help='Answer "result": "0" (a string), as some firmware does.')
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of every random choice (replayable).")
@click.option("--discovery-port", type=click.IntRange(0, 65535),
              help="Answer discovery probes on this UDP port of --host, one reply per device (0: a free port).")
@click.option("--allow-non-loopback", is_flag=True, help="Allow --host to be a non-loopback address.")
@click.option("--firmware", metavar="VERSION", help="Firmware version the devices run (default 1.5.122).")
@click.option("--startup-rec", is_flag=True, help="Devices record from power-on (busy recording).")
@click.option("--usb", "usb_fault", type=click.Choice(["ok", "full", "missing", "slow"]), default="ok",
              show_default=True, help="State of the USB drive.")
@click.option("--sd", "sd_fault", type=click.Choice(["ok", "full", "missing", "slow"]), default="ok",
              show_default=True, help="State of the SD card.")
@click.option("--no-signal", is_flag=True, help="Nothing on the input: recording and streaming are refused.")
@click.option("--firmware-fault", type=click.Choice(["bad-file", "power-cut"]),
              help="bad-file: every firmware upload is refused; power-cut: updates end on the old version.")
@click.option("--idle-timeout", default=Limits.idle_timeout, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Close a connection idle this many seconds (or whose request takes longer to arrive).")
@click.option("--workers", default=Limits.workers, show_default=True, type=click.IntRange(1, 1024),
              help="Threads answering requests that may wait (uploads, latency faults), shared by all devices.")
@click.option("--max-connections", default=Limits.max_connections, show_default=True, type=click.IntRange(1),
              help="Open connections, all devices together; past it the longest-waiting one is closed.")
@click.option("--inventory-out", type=click.Path(dir_okay=False),
              help="Write an inventory of the emulated devices to FILE (for usconf plan -i FILE).")
@click.option("--strict", is_flag=True,
              help="Refuse what the strictest reading of the API reference refuses: a parameter its example "
                   "request shows left out, an empty or out-of-charset string, an unknown enum value.")
def emulator(host, port, count, model, state, password, cloud_port, log_file, latency, write_lag, busy_rate,
             drop_rate, drop_at, drop_mode, expire_after, string_results, seed, allow_non_loopback,
             discovery_port, firmware, startup_rec, usb_fault, sd_fault, no_signal, firmware_fault, idle_timeout,
             workers, max_connections, inventory_out, strict):
    """Serve COUNT emulated Ultra Stream encoders.

    Prints one line per device, `ready URL cloud=CLOUD_URL`: the API's URL, then
    where its cloud API listens (pass that port to other commands as --cloud-port).
    """
    if cloud_port is None:
        cloud_port = port + 1000 if port else 0
    if port and port + count - 1 > 65535 or cloud_port and cloud_port + count - 1 > 65535:
        raise click.BadParameter("ports would run past 65535", param_hint="--count")
    faults = Faults(latency_ms=latency, write_lag_s=write_lag, busy_rate=busy_rate, drop_rate=drop_rate,
                    drop_at=drop_at, drop_mode=drop_mode, expire_after=expire_after,
                    string_results=string_results, seed=seed, usb=usb_fault, sd=sd_fault, no_signal=no_signal,
                    firmware=firmware_fault or "")
    if firmware:
        from usconf.ops.firmware import parse_version
        parse_version(firmware)
    group = start(count=count, model=model, password=password, faults=faults, state_file=state, host=host,
                  port=port, cloud_port=cloud_port, log_file=log_file, seed=seed,
                  allow_non_loopback=allow_non_loopback, discovery_port=discovery_port, firmware=firmware,
                  startup_rec=startup_rec, strict=strict,
                  limits=Limits(idle_timeout=idle_timeout, workers=workers, max_connections=max_connections))
    if inventory_out:
        from usconf.fleet.emulated import write_inventory
        try:
            write_inventory(inventory_out, [(d.url, d.cloud_port) for d in group.devices])
        except BaseException:
            group.stop()
            raise
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        for device in group.devices:
            click.echo(f"ready {device.url} cloud={device.cloud_url}")
        if group.discovery:
            click.echo(f"discovery {host}:{group.discovery.port}")
        click.get_text_stream("stdout").flush()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        group.stop()

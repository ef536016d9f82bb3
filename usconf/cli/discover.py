"""`usconf discover`: find Ultra Streams by the discovery probe, SSDP, or an HTTP sweep."""
import json

import click

from usconf.cli import cli
from usconf.cli.connection import DEFAULT_USERNAME, read_password
from usconf.discovery import find, inventory, probe, reply, sweep


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())


def _probe_rows(devices):
    return [[d.serial, d.name or "-", d.product or "-", d.eth_ip or "-", d.wifi_ip or "-",
             ",".join(d.states) or "idle", d.url] for d in devices]


def _scan_rows(devices):
    return [[d.serial or "?", d.name or "-", d.model or "-", d.firmware or "-", d.url,
             ",".join(d.states) or "idle", d.error] for d in devices]


@cli.command("discover")
@click.option("--timeout", type=click.FloatRange(0.05, 600), default=2.0, show_default=True,
              help="Seconds to wait for replies (with --scan: for each host).")
@click.option("--interface", metavar="ADDR", help="Send from this local IPv4 address (its interface).")
@click.option("--ssdp", "use_ssdp", is_flag=True, help="Also send an SSDP M-SEARCH and check the hosts that answer.")
@click.option("--target", "targets", multiple=True, metavar="HOST:PORT",
              help=f"Send the probe to HOST:PORT instead of {reply.GROUP}:{reply.PORT} (repeatable).")
@click.option("--ssdp-target", "ssdp_targets", multiple=True, metavar="HOST:PORT",
              help="Send the M-SEARCH to HOST:PORT instead of the SSDP multicast group (repeatable).")
@click.option("--scan", "cidr", metavar="CIDR", help="Sweep this range over HTTP (ping, then get-info) instead.")
@click.option("--port", type=click.IntRange(1, 65535), default=sweep.DEFAULT_PORT, show_default=True,
              help="HTTP port for --scan.")
@click.option("--parallel", type=click.IntRange(1, sweep.MAX_PARALLEL), default=sweep.DEFAULT_PARALLEL,
              show_default=True, help="Hosts checked at once by --scan.")
@click.option("--username", envvar="USCONF_USERNAME", default=DEFAULT_USERNAME, show_default=True,
              help="User for get-info (env USCONF_USERNAME).")
@click.option("--password-file", metavar="FILE",
              help="File whose first line is the password (else env USCONF_PASSWORD, else Admin).")
@click.option("--json", "as_json", is_flag=True, help="Print the devices as JSON.")
@click.option("--inventory-out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write a fleet inventory skeleton with every device found.")
@click.option("--names", type=click.Choice(inventory.NAME_SOURCES), default="name", show_default=True,
              help="Name inventory entries after the device's name or its serial number.")
@click.option("--config", "state_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Desired-state file for every device of --inventory-out (written as defaults.file).")
@click.option("--force", is_flag=True, help="Replace --inventory-out FILE if it exists.")
def discover_command(timeout, interface, use_ssdp, targets, ssdp_targets, cidr, port, parallel, username,
                     password_file, as_json, inventory_out, names, state_file, force):
    """Find Ultra Streams on the network and print one row per device.

    By default sends the discovery probe to the multicast group and lists every
    device that answers (serial, name, product, addresses, status). --scan CIDR
    sweeps a range over HTTP instead, for networks where multicast does not pass.
    """
    if state_file and not inventory_out:
        raise click.UsageError("--config is written into the inventory: give --inventory-out FILE too")
    password = read_password(password_file)
    if cidr:
        if targets or use_ssdp or ssdp_targets:
            raise click.UsageError("--scan sweeps over HTTP; it does not combine with --target or --ssdp")
        swept = sweep.scan(cidr, port=port, parallel=parallel, username=username, password=password,
                           timeout=timeout)
        devices = swept.found
        summary = f"{len(devices)} {'device' if len(devices) == 1 else 'devices'} found in {cidr}"
        if swept.not_ultra_stream:
            summary += f"; {swept.not_ultra_stream} other HTTP hosts ignored"
        if as_json:
            click.echo(json.dumps({"devices": [d.as_json() for d in devices],
                                   "not_ultra_stream": swept.not_ultra_stream}, indent=2))
        elif devices:
            _table(["SERIAL", "NAME", "MODEL", "FIRMWARE", "URL", "STATUS", "ERROR"], _scan_rows(devices))
    else:
        collected = find.discover(targets=[probe.parse_target(t) for t in targets] or None, timeout=timeout,
                                  interface=interface, use_ssdp=use_ssdp or bool(ssdp_targets),
                                  ssdp_targets=[probe.parse_target(t, 1900) for t in ssdp_targets] or None,
                                  username=username, password=password)
        devices = collected.devices
        summary = f"{len(devices)} {'device' if len(devices) == 1 else 'devices'} found"
        if collected.ignored_summary():
            summary += "; " + collected.ignored_summary()
        if as_json:
            click.echo(json.dumps({"devices": [d.as_json() for d in devices],
                                   "ignored": dict(collected.ignored), "duplicates": collected.duplicates},
                                  indent=2))
        elif devices:
            _table(["SERIAL", "NAME", "PRODUCT", "ETHERNET", "WI-FI", "STATUS", "URL"], _probe_rows(devices))
    identified = [d for d in devices if d.serial]
    if inventory_out:
        path = inventory.write(inventory_out, identified, source=names, overwrite=force, state_file=state_file)
        summary += f"; inventory of {len(identified)} written to {path}"
        if len(identified) < len(devices):
            summary += f" ({len(devices) - len(identified)} without a serial number left out)"
    click.echo(summary, err=True)

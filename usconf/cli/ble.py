"""`usconf ble scan|status|wifi|ap`: first contact with a box that has no network yet."""
import json
import os

import click

from usconf.ble import codec, open_transport
from usconf.ble.session import Provisioner
from usconf.cli import cli
from usconf.discovery import status as status_words
from usconf.discovery.text import clean
from usconf.errors import UsconfError
from usconf.secrets import Secret

SECURITY = {"none": codec.Security.NONE, "wep": codec.Security.WEP, "wpa": codec.Security.WPA,
            "wpa2": codec.Security.WPA2}
SECURITY_NAMES = {v: k for k, v in SECURITY.items()}
IP_MODES = {"v4": codec.IpMode.V4, "v4v6": codec.IpMode.V4V6, "v6": codec.IpMode.V6}
DEFAULT_DEVICE_PASSWORD = "Admin"  # as devices ship


def _env_secret(var, what, default=None):
    if var is None:
        return Secret(default) if default is not None else None
    value = os.environ.get(var)
    if value is None:
        raise UsconfError(f"environment variable {var} is not set (it should hold the {what})")
    return Secret(value)


def _serial(text):
    if not codec.is_serial(text):
        raise click.BadParameter(f"{text!r} is not a serial number (a capital letter and 12 digits)",
                                 param_hint="SERIAL")
    return text


def _states(mask):
    return ",".join(status_words.describe(mask)) or "idle"


def emulate_option(func):
    return click.option("--emulate", is_flag=True,
                        help="Talk to the built-in fake peripherals instead of a Bluetooth adapter.")(func)


def timeout_option(default):
    return click.option("--timeout", type=click.FloatRange(0.5, 600), default=default, show_default=True,
                        help="Seconds to look for the device (and, for wifi, to wait for the join).")


def device_password_option(func):
    return click.option("--device-password-env", metavar="VAR",
                        help="Environment variable holding the device password (default: Admin).")(func)


def allow_interrupt_option(func):
    return click.option("--allow-interrupt", is_flag=True,
                        help="Go ahead even if the device is live or recording.")(func)


def _connect(serial, emulate, timeout):
    transport = open_transport(emulate)
    try:
        return transport.connect(serial, timeout)
    except BaseException:
        transport.close()
        raise


def _refuse_on_air(serial, mask, allow, what):
    if status_words.on_air(mask) and not allow:
        words = " and ".join(w for w in status_words.describe(mask) if w in ("live", "recording"))
        raise UsconfError(f"{serial} is {words}: {what} could interrupt it; pass --allow-interrupt to go ahead")


@cli.group("ble")
def ble():
    """Bluetooth first contact: find boxes, read their status, give them Wi-Fi or AP mode."""


@ble.command("scan")
@timeout_option(5.0)
@click.option("--json", "as_json", is_flag=True, help="Print the devices as JSON.")
@emulate_option
def scan_command(timeout, as_json, emulate):
    """List the Ultra Streams advertising nearby, by serial number."""
    transport = open_transport(emulate)
    try:
        seen = transport.scan(timeout)
    finally:
        transport.close()
    if as_json:
        click.echo(json.dumps({"devices": [s.as_json() for s in seen]}, indent=2))
        return
    for s in seen:
        rssi = f"{s.rssi} dBm" if s.rssi is not None else "-"
        click.echo(f"{s.serial}  {rssi:>8}  {_states(s.status) if s.status is not None else '-'}")
    click.echo(f"{len(seen)} {'device' if len(seen) == 1 else 'devices'} found", err=True)


@ble.command("status")
@click.argument("serial", callback=lambda ctx, param, value: _serial(value))
@timeout_option(10.0)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@emulate_option
def status_command(serial, timeout, as_json, emulate):
    """Connect to SERIAL and print its model and status (no password needed)."""
    with _connect(serial, emulate, timeout) as link:
        info = link.device_info()
        mask = Provisioner(link, serial).status()
    if as_json:
        click.echo(json.dumps({"serial": serial, "model": clean(info.get("model")),
                               "hardware": clean(info.get("hardware")), "status": mask,
                               "states": status_words.describe(mask)}, indent=2))
        return
    click.echo(f"Serial    {serial}")
    click.echo(f"Model     {clean(info.get('model')) or '-'}")
    click.echo(f"Hardware  {clean(info.get('hardware')) or '-'}")
    click.echo(f"Status    {_states(mask)} (0x{mask:08x})")


@ble.command("wifi")
@click.argument("serial", callback=lambda ctx, param, value: _serial(value))
@click.option("--ssid", required=True, help="Name of the Wi-Fi network to join.")
@click.option("--password-env", "password_env", metavar="VAR",
              help="Environment variable holding the Wi-Fi password (not for --security none).")
@click.option("--security", type=click.Choice(list(SECURITY)), default="wpa2", show_default=True)
@click.option("--ip", "ip_mode", type=click.Choice(list(IP_MODES)), default="v4", show_default=True,
              help="Addresses to use: IPv4 only, IPv4 or IPv6, IPv6 only.")
@device_password_option
@allow_interrupt_option
@timeout_option(60.0)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@emulate_option
def wifi_command(serial, ssid, password_env, security, ip_mode, device_password_env, allow_interrupt, timeout,
                 as_json, emulate):
    """Give SERIAL a Wi-Fi network over Bluetooth and print its Wi-Fi address."""
    if password_env is None and security != "none":
        raise click.UsageError(f"--password-env VAR is required for a {security} network")
    wifi_password = _env_secret(password_env, "Wi-Fi password", default="")
    device_password = _env_secret(device_password_env, "device password", DEFAULT_DEVICE_PASSWORD)
    with _connect(serial, emulate, timeout) as link:
        steps = Provisioner(link, serial)
        _refuse_on_air(serial, steps.status(), allow_interrupt, "changing its Wi-Fi")
        steps.authenticate(device_password)
        result = steps.configure_wifi(ssid, wifi_password, SECURITY[security], IP_MODES[ip_mode], timeout)
    if as_json:
        click.echo(json.dumps({"serial": serial, "ssid": ssid, "wifi_ip": result.wifi_ip, "status": result.status,
                               "states": status_words.describe(result.status),
                               "firmware_protocol": list(result.version)}, indent=2))
        return
    click.echo(f"{serial} joined Wi-Fi {ssid!r}: IP {result.wifi_ip or '(not reported)'}")


@ble.command("ap")
@click.argument("serial", callback=lambda ctx, param, value: _serial(value))
@device_password_option
@allow_interrupt_option
@click.option("--password-out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the AP's password to FILE (created readable by you only); it is never printed.")
@timeout_option(30.0)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@emulate_option
def ap_command(serial, device_password_env, allow_interrupt, password_out, timeout, as_json, emulate):
    """Turn on SERIAL's Wi-Fi access point and print its name and security."""
    device_password = _env_secret(device_password_env, "device password", DEFAULT_DEVICE_PASSWORD)
    with _connect(serial, emulate, timeout) as link:
        steps = Provisioner(link, serial)
        _refuse_on_air(serial, steps.status(), allow_interrupt, "turning on AP mode")
        steps.authenticate(device_password)
        steps.enable_ap(timeout)
        info = steps.ap_info()
    if password_out:
        _write_private(password_out, info.password)
    security = SECURITY_NAMES.get(info.security, f"security {info.security}")
    if as_json:
        click.echo(json.dumps({"serial": serial, "ssid": info.ssid, "security": security,
                               "password_file": password_out}, indent=2))
        return
    where = f"written to {password_out}" if password_out else "not shown (use --password-out FILE)"
    click.echo(f"{serial} AP mode on: SSID '{clean(info.ssid)}' ({security}); password {where}")


def _write_private(path, secret):
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsconfError(f"{path} exists: choose another file for the AP password") from None
    except OSError as exc:
        raise UsconfError(f"cannot write {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secret.reveal() + "\n")

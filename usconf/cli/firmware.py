"""firmware, report, edid: the commands that move files to and from the device."""
import click

from usconf.cli import cli
from usconf.cli.ops_output import op_command, wait_options, with_progress


@cli.group()
def firmware():
    """Firmware: status, online check, upload, update."""


@op_command(firmware, "status", "The firmware that runs, the update job, the last online check.")
def firmware_status(dev):
    from usconf.ops import firmware as fw

    def lines(r):
        update = r["update"]
        out = [f"firmware {r['version']} ({r['model']})",
               f"update: {update['result']} {update['percent']}% ({update['mode']})"]
        if r["available"]:
            out.append(f"available online: {r['available']['version']}")
        return out
    return fw.status(dev), lines


@op_command(firmware, "check", "Look for a newer firmware online (the device asks, not this machine).")
@wait_options(True, 60.0)
def firmware_check(dev, wait, wait_timeout, interval):
    from usconf.ops import firmware as fw
    result = with_progress(wait, lambda p: fw.check(dev, wait, wait_timeout, interval, progress=p))

    def lines(r):
        if not wait:
            return ["online check started"]
        if r["newer"]:
            return [f"firmware {r['available']} is available (running {r['version']})"]
        return [f"firmware {r['version']} is the newest"]
    return result, lines


@op_command(firmware, "upload", "Send a .mwf firmware FILE to the device (install it with `firmware update`).")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
def firmware_upload(dev, path):
    from usconf.ops import firmware as fw
    result = with_progress(True, lambda p: fw.upload(dev, path, progress=p))
    note = " (not newer than what runs)" if result["up_to_date"] else ""
    return result, lambda r: [f"uploaded firmware {r['version']}{note}; install it with: usconf firmware update"]


@op_command(firmware, "update", "Install the uploaded firmware (or --online the one found); --wait follows the reboot.")
@click.option("--online", is_flag=True, help="Install the version the online check found.")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False),
              help="Upload this .mwf file first.")
@wait_options(False, 900.0)
def firmware_update(dev, online, path, wait, wait_timeout, interval):
    from usconf.ops import firmware as fw

    def run(progress):
        expect = fw.upload(dev, path, progress=progress)["version"] if path else None
        return fw.update(dev, "online" if online else "upload", wait, wait_timeout, interval, progress=progress,
                         expect=expect)
    result = with_progress(True, run)

    def lines(r):
        if wait:
            return [f"firmware {r['from']} -> {r['to']}: verified after the restart ({r['seconds']:g}s)"]
        return [f"update started from {r['from']}; the device restarts when it is done"]
    return result, lines


@op_command(firmware, "cancel-download", "Stop an online update that is still downloading.")
def firmware_cancel(dev):
    from usconf.ops import firmware as fw
    return fw.cancel_download(dev), lambda r: ["download cancelled"]


@op_command(firmware, "clear", "Reset the update (and online check) results after a failure.")
@click.option("--check-only", is_flag=True, help="Reset only the online check's result.")
def firmware_clear(dev, check_only):
    from usconf.ops import firmware as fw
    result = fw.clear_check(dev) if check_only else {**fw.clear_upgrade(dev), "check": fw.clear_check(dev)}
    return result, lambda r: ["cleared"]


@op_command(cli, "report", "Save the device report (info, status, settings) with every secret masked.", fleet=False)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--export", is_flag=True, help="Use export-report (the download) instead of get-report.")
def report(dev, output, export):
    from usconf.ops import report as ops_report
    result = ops_report.save(dev, output, export)
    return result, lambda r: [f"report saved to {r['path']} ({r['bytes']} bytes, {r['masked']} secrets masked)"]


@cli.group()
def edid():
    """EDID of the HDMI input and of the loop-through monitor."""


@op_command(edid, "export", "Save the input's EDID (or --loop-through the monitor's) to --output.", fleet=False)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--loop-through", is_flag=True, help="The EDID of the monitor on the loop-through port.")
def edid_export(dev, output, loop_through):
    from usconf.ops import edid as ops_edid
    result = ops_edid.export(dev, output, loop_through)
    return result, lambda r: [f"{r['source']} EDID saved to {r['path']} ({r['bytes']} bytes)"]


@op_command(edid, "import", "Load an EDID FILE into the input (or --loop-through the monitor's own).")
@click.argument("path", metavar="[FILE]", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--loop-through", is_flag=True, help="Copy the loop-through monitor's EDID to the input.")
def edid_import(dev, path, loop_through):
    from usconf.errors import UsconfError
    from usconf.ops import edid as ops_edid
    if bool(path) == bool(loop_through):
        raise UsconfError("give an EDID FILE or --loop-through (one of them)")
    result = ops_edid.import_file(dev, path, loop_through)
    return result, lambda r: [f"EDID from {r['source']} loaded" if r["changed"] else "the input already has this EDID"]

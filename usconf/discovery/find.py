"""`usconf discover` as one library call: the probe, optionally SSDP, replies merged by serial."""
import collections
import threading
from urllib.parse import urlsplit

from usconf.discovery import probe, reply, ssdp, sweep
from usconf.errors import UsconfError


def _from_checked(checked, via):
    """A device confirmed over HTTP, in the shape of a discovery reply."""
    parts = urlsplit(checked.url)
    host = parts.hostname or ""
    return reply.Found(serial=checked.serial, name=checked.name, product=checked.model, version="",
                       eth_ip=host, wifi_ip="", status=checked.status, source=host,
                       http_port=parts.port or reply.DEFAULT_HTTP_PORT, via=via)


def discover(targets=None, timeout=2.0, interface=None, use_ssdp=False, ssdp_targets=None,
             username="Admin", password="Admin", on_found=None):
    """Probe (multicast, or unicast to `targets`), and with `use_ssdp` also search SSDP and confirm
    each SSDP host over HTTP. Returns probe.Collected: devices, ignored counts, duplicates."""
    collected = probe.Collected()
    ssdp_ignored = collections.Counter()
    candidates = []

    def found(device):
        if on_found:
            on_found(device)

    failure = []

    def run_ssdp():
        try:
            candidates.extend(ssdp.search(ssdp_targets, timeout, interface, ssdp_ignored))
        except UsconfError as exc:  # handed to the caller's thread below
            failure.append(exc)

    worker = None
    if use_ssdp:
        worker = threading.Thread(target=run_ssdp, name="usconf-ssdp", daemon=True)
        worker.start()
    try:
        probe.probe(targets, timeout, interface, collected, found)
    finally:
        if worker:
            worker.join()
    if failure:
        raise failure[0]
    collected.ignored.update(ssdp_ignored)
    known = {d.source for d in collected.devices} | {d.address for d in collected.devices}
    todo = [url for url in candidates if urlsplit(url).hostname not in known]
    if todo:
        swept = sweep.check_all(todo, username=username, password=password, timeout=timeout)
        collected.ignored["SSDP host that is not an Ultra Stream"] += swept.not_ultra_stream
        collected.ignored["SSDP host that did not answer over HTTP"] += swept.silent
        for checked in swept.found:
            if not checked.serial:
                collected.ignored[f"SSDP host {checked.url}: {checked.error}"] += 1
                continue
            added = collected.add_found(_from_checked(checked, "ssdp"))
            if added:
                found(added)
    # Counters keep zero entries after +=; a summary shows only what happened.
    for reason in [r for r, n in collected.ignored.items() if not n]:
        del collected.ignored[reason]
    return collected

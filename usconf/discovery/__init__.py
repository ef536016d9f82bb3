"""Finding Ultra Streams on the network: the multicast probe, SSDP, and an HTTP sweep.

    from usconf.discovery import probe, sweep, inventory
    found = probe.probe(targets=[("127.0.0.1", 2538)], timeout=1.0)
    for device in found.devices: device.serial, device.name, device.url, device.states
    swept = sweep.scan("127.0.0.0/29", port=8080)
    inventory.write("fleet.yaml", found.devices)

No function here prints; the CLI (usconf/cli/discover.py) shows the results.
"""

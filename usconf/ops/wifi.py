"""Wi-Fi: disconnect from the current network."""
from usconf.ops.common import call
from usconf.spec.status import SOFTAP


def connected(status):
    """Is the device on a Wi-Fi network (not its own access point)? From get-status."""
    wifi = status.get("wifi") or {}
    # While the device's own access point is on, the address shown is the access point's.
    return bool(wifi.get("ip")) and not status.get("cur-status", 0) & SOFTAP


def disconnect(client, check=False):
    """Leave the Wi-Fi network. Not connected: changed False (the call is still sent, it is harmless)."""
    was = connected(client.get_status())
    if check:
        return {"action": "wifi disconnect", "changed": was, "check": True}
    call(client, "disconn-wifi")
    return {"action": "wifi disconnect", "changed": was}

"""Wi-Fi: disconnect from the current network."""
from usconf.ops.common import call


def connected(status):
    """Is the device on a Wi-Fi network (not its own access point)? From get-status."""
    wifi = status.get("wifi") or {}
    return bool(wifi.get("ip")) and not wifi.get("name") == status.get("box-name") and not (
        status.get("cur-status", 0) & 0x40)            # statusSoftAP: the address is the access point's


def disconnect(client, check=False):
    """Leave the Wi-Fi network. Not connected: changed False (the call is still sent, it is harmless)."""
    was = connected(client.get_status())
    if check:
        return {"action": "wifi disconnect", "changed": was, "check": True}
    call(client, "disconn-wifi")
    return {"action": "wifi disconnect", "changed": was}

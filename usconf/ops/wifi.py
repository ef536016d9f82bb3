"""Wi-Fi: disconnect from the current network."""
from usconf.ops.common import call


def disconnect(client, check=False):
    if check:
        return {"action": "wifi disconnect", "changed": True, "check": True}
    call(client, "disconn-wifi")
    return {"action": "wifi disconnect", "changed": True}

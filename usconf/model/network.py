"""network.ethernet / wifi (addressing) and network.access_point (soft AP).

Whether the access point is on is not a setting but a status bit (get-status
cur-status & 0x40); its password is readable from get-settings softap.
"""
from usconf.model import fields as F
from usconf.spec import status as status_bits

DHCP = F.boolean("dhcp", "is-dhcp")
STATIC = [
    F.text("address", "ip"),
    F.text("netmask", "mask"),
    F.text("gateway", "router"),
    F.text("dns", "dns"),
]
INTERFACES = {"ethernet": "eth", "wifi": "wifi"}
AP_PASSWORD = F.sensitive("password", "softap-passwd")


def from_yaml(doc):
    out = {}
    for name in INTERFACES:
        if name in doc:
            out[name] = F.from_yaml([DHCP] + STATIC, doc[name])
    if "access_point" in doc:
        ap = doc["access_point"]
        out["access_point"] = {}
        if "enabled" in ap:
            out["access_point"]["enabled"] = bool(ap["enabled"])
        out["access_point"].update(F.from_yaml([AP_PASSWORD], ap))
    return out


def interface_from_device(group):
    out = F.from_device([DHCP], group)
    if out.get("dhcp") is False:
        # With DHCP the addresses are the lease's, not settings: compared only when static.
        out.update({k: v for k, v in F.from_device(STATIC, group).items() if v})
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = {}
    for name, group in INTERFACES.items():
        if isinstance(s.get(group), dict):
            out[name] = interface_from_device(s[group])
    ap = {"enabled": bool(snapshot.cur_status & status_bits.SOFTAP)}
    if isinstance(s.get("softap"), dict) and s["softap"].get("softap-passwd"):
        ap.update(F.from_device([AP_PASSWORD], s["softap"]))
    out["access_point"] = ap
    return out


def to_device(desired, snapshot, state):
    s = state.settings
    for name, group in INTERFACES.items():
        if name in desired:
            F.to_device([DHCP] + STATIC, desired[name], s.setdefault(group, {}))
    ap = desired.get("access_point", {})
    if "enabled" in ap:
        state.softap_enabled = ap["enabled"]
    if "password" in ap:
        F.to_device([AP_PASSWORD], ap, s.setdefault("softap", {}))

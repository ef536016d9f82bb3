"""network.ethernet / wifi (addressing) and network.access_point (soft AP).

Whether the access point is on is not a setting but a status bit (get-status
cur-status & 0x40); its password is readable from get-settings softap.
"""
from usconf import rules
from usconf.model import fields as F
from usconf.model.descriptor import group
from usconf.spec import status as status_bits

DHCP = F.boolean("dhcp", "is-dhcp")
STATIC = [
    F.text("address", "ip"),
    F.text("netmask", "mask"),
    F.text("gateway", "router"),
    F.text("dns", "dns"),
]
AP_PASSWORD = F.sensitive("password", "softap-passwd")
AP_VISIBLE = F.boolean("visible", "is-visible")

# set-net carries the whole interface; its type picks which (the planner orders these itself:
# the interface the tool is connected through goes last).
ETHERNET = group("network.ethernet", "eth", "set-net", [DHCP] + STATIC, fixed={"type": "1"}, generic=False,
                 check=lambda net, info: rules.check_net(net))
WIFI = group("network.wifi", "wifi", "set-net", [DHCP] + STATIC, fixed={"type": "0"}, generic=False,
             check=lambda net, info: rules.check_net(net))
ACCESS_POINT = group("network.access_point", "softap", "set-softap", [AP_VISIBLE, AP_PASSWORD])
INTERFACES = {s.path.split(".")[-1]: s.device for s in (ETHERNET, WIFI)}


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
        out["access_point"].update(F.from_yaml(ACCESS_POINT.fields, ap))
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
    for name, key in INTERFACES.items():
        if isinstance(s.get(key), dict):
            out[name] = interface_from_device(s[key])
    ap = {"enabled": bool(snapshot.cur_status & status_bits.SOFTAP)}
    if isinstance(s.get(ACCESS_POINT.device), dict):
        ap.update(F.from_device(ACCESS_POINT.fields, s[ACCESS_POINT.device]))
        if "password" in ap and not ap["password"].reveal():
            del ap["password"]      # an empty password is "none", not a secret to compare
    out["access_point"] = ap
    return out


def to_device(desired, snapshot, state):
    s = state.settings
    for name, key in INTERFACES.items():
        if name in desired:
            F.to_device([DHCP] + STATIC, desired[name], s.setdefault(key, {}))
    ap = desired.get("access_point", {})
    if "enabled" in ap:
        state.softap_enabled = ap["enabled"]
    if any(f.key in ap for f in ACCESS_POINT.fields):
        F.to_device(ACCESS_POINT.fields, ap, s.setdefault(ACCESS_POINT.device, {}))

"""Network settings: set-net, Wi-Fi, access point."""
from usconf import rules
from usconf.addresses import is_loopback
from usconf.emulator.api import Refused, api, refuse_if
from usconf.spec import codes


@api("set-net")
def set_net(backend, call):
    group = "eth" if call.int("type", allowed=(0, 1)) == 1 else "wifi"
    net = {"is-dhcp": call.flag("is-dhcp")}
    for key in ("ip", "mask", "router", "dns"):
        net[key] = call.str(key, "")
    refuse_if(rules.check_net(net))
    if net["is-dhcp"]:
        net.update(ip="", mask="", router="", dns="")
    backend.change(lambda s: s[group].update(net))
    # A static loopback address on Ethernet moves the emulator's listener there
    # (after this answer); any other address is only recorded, never bound or contacted.
    if group == "eth" and not net["is-dhcp"] and is_loopback(net["ip"]):
        backend.rebind_to = net["ip"]


@api("disconn-wifi")
def disconn_wifi(backend, call):
    backend.change(lambda s: s["wifi"].update({"is-dhcp": 1, "ip": "", "mask": "", "router": "", "dns": ""}))


@api("open-softap")
def open_softap(backend, call):
    backend.softap_on = True


@api("close-softap")
def close_softap(backend, call):
    backend.softap_on = False


@api("set-softap")
def set_softap(backend, call):
    current = backend.settings["softap"]
    softap = {"is-softap": call.flag("is-softap", current["is-softap"]),
              "is-visible": call.flag("is-visible", current["is-visible"]),
              "softap-ssid": call.str("softap-ssid", current["softap-ssid"]),
              "softap-passwd": call.str("softap-passwd")}
    refuse_if(rules.check_name(softap["softap-passwd"], "softap-passwd"))
    if not softap["softap-ssid"]:
        raise Refused(codes.PARAM)
    backend.change(lambda s: s["softap"].update(softap))

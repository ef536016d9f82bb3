"""Magewell Cloud registration (cloud-api port). Simulated: no connection is ever made."""
import re

from usconf import rules
from usconf.emulator import factory
from usconf.emulator.api import Refused, api, refuse_if
from usconf.spec import codes

ACCEPTED, WAITING, ONLINE = 101, 103, 35


def _slot(backend, call):
    ident = call.int("id", allowed=(0, 1))
    return next(s for s in backend.cloud if s["id"] == ident)


@api("cloud-reg-ex")
def cloud_reg_ex(backend, call):
    slot = _slot(backend, call)
    # Without an invitation code the cloud holds the registration until its
    # administrator accepts it (retWaiting); a valid code is accepted at once.
    code = call.params.get("cloud-code", "")
    if code and not re.match(r"^\d{4}$", code):
        raise Refused(codes.PARAM)
    addr = call.str("cloud-ip-addr")
    refuse_if(rules.check_ipv4(addr, "cloud-ip-addr"))
    wanted = {"cloud-ip-addr": addr,
              "cloud-http-port": call.int("cloud-http-port", 80),
              "cloud-enable-https": call.flag("cloud-enable-https", 0),
              "cloud-https-port": call.int("cloud-https-port", 443)}
    for port in ("cloud-http-port", "cloud-https-port"):
        if not 1 <= wanted[port] <= 65535:
            raise Refused(codes.PARAM)
    if slot["is-cloud-set"] and all(slot[k] == v for k, v in wanted.items()):
        return {"result": codes.REPEAT}
    # The invitation code is write-only: cloud-status shows it empty, as the device does.
    slot.update(wanted, **{"is-cloud-set": 1, "cloud-reg-status": ACCEPTED if code else WAITING,
                           "cloud-status": ONLINE})


@api("cloud-unreg-ex")
def cloud_unreg_ex(backend, call):
    slot = _slot(backend, call)
    slot.clear()
    slot.update(factory.cloud_slot(call.int("id")))


@api("cloud-status", read=True)
def cloud_status(backend, call):
    if call.params.get("version", "1") != "1":
        raise Refused(codes.PARAM)
    return {"result": 0, "device_id": backend.serial, "number": len(backend.cloud), "version": 1,
            "status": [dict(s) for s in backend.cloud]}

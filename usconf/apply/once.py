"""One call sent exactly once, even when the device's answer is lost.

A device can apply `add-server` and then drop the connection before answering.
Sending it again would create a second server, so after an UncertainWrite the
device is re-read (waiting out write lag) and the call is sent again only when
its effect is not there. A repeat refused as "already there" / "not found"
means the first one landed. This is the only such path: apply and
`usconf call` both send through `send`.
"""
import time

from usconf.client import UncertainWrite
from usconf.errors import ConnectionFailed, DeviceError
from usconf.model import lists, sections
from usconf.plan.calls import plain
from usconf.spec import codes
from usconf.spec import status as status_bits

# --- did a call land? ------------------------------------------------------------------------

_ADDS = {"add-server": lists.LIVE_SERVERS, "send-file-add-server": lists.UPLOAD_SERVERS,
         "add-nosignal-file": lists.IMAGES}
_DELETES = {"del-server": lists.LIVE_SERVERS, "send-file-del-server": lists.UPLOAD_SERVERS,
            "del-nosignal-file": lists.IMAGES}


def _has_item(settings, lst, key):
    """Does the device hold an item whose lookup key is `key` ({device field: value})?"""
    return lists.find_id({"list": lst, "key": key}, settings) is not None


def _new_item_key(call):
    lst = _ADDS[call.method]
    item = {"_file": call.upload} if call.upload else {k: plain(v) for k, v in call.params.items()}
    return lst.device, lst.device_key(item)


def landed(client, call):
    """True when the device shows the effect of a call whose answer was lost; None when it does not."""
    m = call.method
    if m in _ADDS:
        lst, key = _new_item_key(call)
        return True if _has_item(client.get_settings(), lst, key) else None
    if m in _DELETES and call.target is not None:
        return None if _has_item(client.get_settings(), call.target["list"], call.target["key"]) else True
    if m in _DELETES and "id" in call.params:
        # `usconf call del-server id=3`: the item is known by the device's id alone
        items = client.get_settings().get(_DELETES[m].device, [])
        return None if any(str(i.get("id")) == str(plain(call.params["id"])) for i in items) else True
    if m in ("add-user", "del-user"):
        present = any(u.get("id") == call.params["id"] for u in client.get_users().get("users", []))
        return True if present == (m == "add-user") else None
    if m in ("cloud-reg-ex", "cloud-unreg-ex"):
        slots = {int(s.get("id")): s for s in client.cloud_status().get("status", [])}
        on = bool(slots.get(int(call.params["id"]), {}).get("is-cloud-set"))
        return True if on == (m == "cloud-reg-ex") else None
    if m == sections.PAIRING_PASSWORD.method:
        held = client.get_settings().get(sections.PAIRING_PASSWORD.device, -1)
        return True if int(held) == int(call.params["is-pass"]) else None
    if m == "set-first-over":
        return None if client.get_status().get("cur-status", 0) & status_bits.FIRST else True
    return None


def _settled(client, call, settle):
    deadline = time.monotonic() + settle
    while True:
        try:
            if landed(client, call):
                return True
        except ConnectionFailed:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def _params(call, client, settle=10.0, known=None):
    """The call's params with the target's id; `known`: get-settings as last read, if still current."""
    params = dict(call.params)
    if call.target is not None:
        found = lists.find_id(call.target, known) if known is not None else None
        if found is not None:
            return dict(id=str(found), **params)
        # An item added a moment ago may not show yet (write lag): wait for it, within a bound.
        deadline = time.monotonic() + settle
        found = lists.find_id(call.target, client.get_settings())
        while found is None and time.monotonic() < deadline:
            time.sleep(0.1)
            found = lists.find_id(call.target, client.get_settings())
        if found is None:
            raise DeviceError(-10, method=call.method, description=f"the item it acts on ({call.reason}) is not "
                              "on the device")
        params = dict(id=str(found), **params)
    return params


def _send_raw(client, call, params):
    if call.upload:
        return client.upload(call.method, call.upload)
    if call.api == "cloud":
        return client.call_cloud(call.method, params)
    return client.call(call.method, params)


def send(client, call, settle=3.0, known=None):
    """Send one Call exactly once and return the device's answer ({"result": 0} when a lost
    answer was resolved by reading what the device holds).

    `known`: get-settings as last read, when no call since can have moved list ids.
    """
    params = _params(call, client, settle=max(settle, 10.0), known=known)
    if call.method in PASSWORD_CHANGES and not call.upload and call.api == "usapi":
        # A resend after a lost answer is refused with errPasswd once the first one landed.
        return change_password_once(client, call.method, params)
    attempts = getattr(getattr(client, "retries", None), "attempts", 3)
    last = None
    for attempt in range(attempts):
        try:
            return _send_raw(client, call, params)
        except UncertainWrite as exc:
            last = exc
            if _settled(client, call, settle):
                return {"result": 0}
        except DeviceError:
            # A repeat refused as "already there" / "not found" means the first one landed.
            if attempt > 0 and _settled(client, call, 0):
                return {"result": 0}
            raise
    raise last


# Password changes that need the old password: after one lands, the same request is refused with
# errPasswd (the old password is no longer the device's), so a blind resend misreports success as failure.
PASSWORD_CHANGES = frozenset({"ch-password", "set-app-passwd"})


def _holds_new_password(client, method, params):
    """Whether the device already holds `new-pass`: the change from it to itself is accepted only then,
    and changes nothing."""
    probe = dict(params, **{"pass": params["new-pass"]})
    try:
        client.call(method, probe)
    except DeviceError as exc:
        if exc.code == codes.PASSWD:
            return False
        raise
    return True


def change_password_once(client, method, params):
    """ch-password / set-app-passwd exactly once, even when the answer to the first request is lost.

    A resend refused with errPasswd (or errParam, for a first pairing password: the device now asks
    for the current one) means the old password is no longer the device's: if the device
    now holds the new one (checked by changing it to itself), the first request landed and this is a
    success; otherwise the old password really was wrong. Disabling (no `new-pass`) is resent as is:
    after it landed the device asks no old password any more.
    """
    if method not in PASSWORD_CHANGES:
        raise ValueError(f"{method} is not a password change")
    uncertain = None
    for attempt in range(client.retries.attempts):
        try:
            return client.call(method, params)
        except UncertainWrite as exc:
            uncertain = exc
        except DeviceError as exc:
            # errPasswd: the old password is not the device's any more; errParam: setting a first pairing
            # password again, the device now wants the current one, which the request does not carry.
            if (exc.code in (codes.PASSWD, codes.PARAM) and uncertain is not None
                    and params.get("new-pass") is not None and _holds_new_password(client, method, params)):
                return {"result": 0}
            raise
    raise uncertain

"""Random desired-state documents, walked from the schema (schemas/usconf.schema.json).

Every section, field and list of the schema can appear (each optional one may be left
out); a leaf's value comes from the schema (enum, boolean, const, null) or, where the
schema only gives a form (a bitrate, a resolution, a name), from the device's own ranges
(get-info, usconf.spec.capabilities) and the reference's character sets. Nothing here
checks the combination: documents the validator refuses are part of the test (validate
and plan must then agree).

Left out on purpose, for the network-safety rule, not to make anything pass:
- `connection:` (where the tool connects; the test gives it the emulator's address);
- a static `network.ethernet` address: the tool reaches the device over Ethernet, and
  following it to an address off this machine is what the safety rule forbids (DHCP
  on/off with a loopback address is generated instead);
- `cloud[].address` is drawn from loopback and private addresses (the emulator never
  connects; hostnames are generated too).
"""
import string

from hypothesis import strategies as st

from usconf.language.load import resolve, schema
from usconf.model import live, units, uploads
from usconf.spec.capabilities import DURATIONS, RESOLUTIONS, default_info

HDMI = default_info("hdmi")

NAME_CHARS = string.ascii_letters + string.digits + " ._-+'[]()"
SECRET_MARK = "Zq9"          # every generated secret starts with this, to find leaks in any output


def _named_values(*path):
    node = HDMI or {}
    for part in path:
        node = node.get(part, {})
    return [item["value"] for item in node] if isinstance(node, list) else []


names = st.text(alphabet=NAME_CHARS, min_size=1, max_size=32).map(str.strip).filter(bool)
folders = st.one_of(names, st.builds(lambda a, b: f"{a}/{b}", names, names))
secrets = st.text(alphabet=string.ascii_letters + string.digits + "-_.#:!", min_size=6, max_size=24).map(
    lambda s: SECRET_MARK + s)
ap_passwords = st.text(alphabet=string.ascii_letters + string.digits + "._-", min_size=1, max_size=20).map(
    lambda s: SECRET_MARK + s)
loopback = st.integers(2, 250).map(lambda n: f"127.0.0.{n}")
private = st.builds(lambda a, b: f"10.{a}.{b}.7", st.integers(0, 255), st.integers(0, 255))
ipv4 = st.one_of(loopback, private)
hosts = st.one_of(ipv4, st.sampled_from(["archive.example.net", "ftp.example.org"]))
kbps = _named_values("codec-cap", "video-kbps") or [256, 512, 1024, 2048, 4096, 8192]


def _bitrate(k):
    return st.sampled_from([f"{k}k", str(k), f"{k / 1024:g}M" if k >= 1024 else f"{k}k", k])


LEAVES = {
    # form-only leaves: values from the device's ranges, written the ways the language takes them
    "bitrate": st.sampled_from(kbps).flatmap(_bitrate),
    "audio_bitrate": st.sampled_from(_named_values("codec-cap", "audio-kbps") or [64, 128]).flatmap(
        lambda k: st.sampled_from([f"{k}k", k])),
    "seconds": st.sampled_from(sorted(set(_named_values("codec-cap", "gop-sec") + _named_values("codec-cap", "stat-sec"))
                                      or [1, 2, 5])).flatmap(lambda s: st.sampled_from([f"{s}s", s])),
    "resolution": st.sampled_from([f"{w}x{h}" for w, h in RESOLUTIONS]),
    "ipv4": ipv4,
    "port": st.one_of(st.sampled_from([21, 22, 554, 8554, 80, 443]), st.integers(1, 65535)),
}
FPS = [float(name.split()[0]) for name, _ in DURATIONS]
BY_KEY = {
    # leaves the schema types as a plain string or number: the model's domain for them
    "name": names, "folder": folders, "file_prefix": st.one_of(st.none(), names),
    "fps": st.sampled_from(FPS + [int(f) for f in FPS if f == int(f)]),
    "segment_minutes": st.sampled_from(_named_values("rec-control", "time-unit") or [5, 10, 30]),
    "contrast": st.integers(50, 200), "brightness": st.integers(-100, 100), "saturation": st.integers(0, 200),
    "hue": st.integers(-90, 90), "sync_offset_ms": st.integers(-250, 250),
    "gain_db": st.sampled_from([-12, -6, -3, 0, 1.5, 3, 6]),
    "time": st.sampled_from(["2024-05-01 09:00:00", "2025-12-31 23:59:00"]),
    "url": st.sampled_from(["rtmp://127.0.0.1/live", "rtmp://live.example.net/app", "127.0.0.1"]),
    "address": hosts, "event_data": st.sampled_from(["", "ev-1"]),
    "username": names, "user_name": names, "account_id": st.sampled_from(["dbid:AAB1", "acct-2", "u3"]),
    "dir": st.sampled_from(["", "/", "/encoders/a", "up"]), "parents": st.sampled_from(["0AbC", "root"]),
    "privacy": st.sampled_from(["private", "unlisted", "public"]),
    "main": st.one_of(st.none(), names), "sub": st.one_of(st.none(), names),
    "show": st.sampled_from(["default0", "default1", "slate", "bars"]),
}
# Files a document may name, written beside it by the test (files.write_files).
FILES = {"image": ["slate.jpg", "bars.jpg", "big.jpg"], "edid": ["default.bin", "other.bin"]}
SKIP = {("connection",)}
# Lists keyed by a field (the model's keys): items of one document never share a key.
UNIQUE = {("live", "servers"): lambda i: i.get("name"), ("users",): lambda i: i.get("name"),
          ("cloud",): lambda i: i.get("slot"),
          ("video", "no_signal", "images"): lambda i: i.get("name") or i.get("file"),
          ("uploads", "servers"): lambda i: (i.get("type"), i.get("url"), i.get("port"), i.get("username"),
                                             i.get("dir"), i.get("account_id"))}
# Lists whose items have the fields of their type (the model's per-type field tables).
TYPED = {("live", "servers"): (live.table, units.SERVER_TYPE), ("uploads", "servers"): (uploads.table, units.UPLOAD_TYPE)}


def _typed_items(node, path):
    node = resolve(node)
    table, types = TYPED[tuple(path)]

    def for_type(kind):
        keys = {f.key for f in table(kind)} | {"type", "enabled"}
        props = {k: v for k, v in node["properties"].items() if k in keys}
        sub = dict(node, properties=props)
        sub.pop("allOf", None)
        if types is units.UPLOAD_TYPE:
            sub["required"] = ["type", "url" if kind == "ftp" else "account_id"]

        return _schema_strategy(sub, path + ("[]",)).map(lambda item: dict(item, type=kind))
    return st.sampled_from(list(types.names)).flatmap(for_type)


def _schema_strategy(node, path):
    ref = node.get("$ref", "")
    node = resolve(node)
    key = path[-1] if path else None
    if tuple(path) in SKIP:
        return None
    if node.get("readOnly"):
        return None
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for form, strategy in LEAVES.items():
        if ref.endswith("/" + form):
            return strategy
    kind = node.get("type")
    if tuple(path) == ("cloud", "[]"):
        node = dict(node, required=["slot", "address"])     # cloud-reg-ex needs an address
    if key == "invitation_code":
        # 4 digits, as the device takes it (not marked: digits could appear in any output by chance)
        return st.one_of(st.integers(0, 9999).map(lambda n: f"{n:04d}"), secrets)
    if node.get("x-usconf-sensitive"):
        base = ap_passwords if key == "password" and "access_point" in path else secrets
        return st.one_of(base, st.none()) if isinstance(kind, list) and "null" in kind else base
    if kind == "object" or "properties" in node:
        required = set(node.get("required", ()))
        fields = {k: _schema_strategy(v, path + (k,)) for k, v in node.get("properties", {}).items()}
        fields = {k: v for k, v in fields.items() if v is not None}
        return st.fixed_dictionaries({k: v for k, v in fields.items() if k in required},
                                     optional={k: v for k, v in fields.items() if k not in required})
    if kind == "array":
        if tuple(path) in TYPED:
            item = _typed_items(node["items"], path)
        else:
            item = _schema_strategy(node["items"], path + ("[]",))
        return st.lists(item, max_size=3, unique_by=UNIQUE.get(tuple(path), lambda i: id(i)))
    if kind == "boolean":
        return st.booleans()
    if tuple(path) == ("edid", "file"):
        return st.sampled_from(FILES["edid"])
    if key == "file":
        return st.sampled_from(FILES["image"])
    if key in BY_KEY:
        return BY_KEY[key]
    if kind == "integer":
        return st.integers(node.get("minimum", -1000), node.get("maximum", 1000))
    if kind == "number":
        return st.floats(-100, 100, allow_nan=False).map(lambda f: round(f, 2))
    if isinstance(kind, list) and "null" in kind:
        return st.one_of(st.none(), names)
    return names


def _network(doc_strategy):
    """Ethernet is how the tool reaches the device: a static address there is the device's own.
    Addresses are the interface's own only without DHCP (the model reads them only then)."""
    def fix(doc):
        for name, iface in ((doc.get("network") or {}).items()):
            if name in ("ethernet", "wifi") and {"address", "netmask", "gateway", "dns"} & set(iface):
                iface["dhcp"] = False
        eth = (doc.get("network") or {}).get("ethernet")
        if eth is not None and "address" in eth:
            eth["address"] = "127.0.0.1"
        return doc
    return doc_strategy.map(fix)


def documents():
    """Desired-state documents as YAML data (dicts), walked from the schema."""
    return _network(_schema_strategy(schema(), ()).map(lambda d: dict(d, usconf=1)))

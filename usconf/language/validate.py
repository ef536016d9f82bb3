"""Semantic checks of a schema-valid desired state: units, capabilities, keyed lists and the device rules.

The rules themselves live in usconf.rules and speak the device's shape; this
module builds that shape with the model (merged onto a factory-new device),
runs the rules, and maps each violation back to the YAML path and line the user
wrote, in the language's units.
"""
import os
import re

from usconf import files, rules
from usconf.errors import ValidationError
from usconf.language import yamlpos
from usconf.model import audio, lists, live, nosignal, sections, units, uploads, video
from usconf.secrets import MASK
from usconf.spec import codes
from usconf.spec.capabilities import default_info, values

SERVER_FIELDS = {"type": "type", "name": "name", "net-mode": "network", "port": "port", "url": "url",
                 "is-main": "main", "main-stream-name": "main", "is-sub": "sub", "sub-stream-name": "sub",
                 "is-auth": "auth"}
# YAML path pattern -> normaliser that must accept the value ('*' = any list index)
UNIT_FIELDS = {
    ("video", "main", "bitrate"): units.bitrate_kbps, ("video", "sub", "bitrate"): units.bitrate_kbps,
    ("video", "main", "gop"): units.seconds, ("video", "sub", "gop"): units.seconds,
    ("video", "main", "bitrate_window"): units.seconds, ("video", "sub", "bitrate_window"): units.seconds,
    ("video", "main", "resolution"): units.resolution, ("video", "sub", "resolution"): units.resolution,
    ("audio", "bitrate"): units.bitrate_kbps,
}


_MISSING = object()


def _lookup(doc, path):
    node = doc
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return _MISSING
    return node


def _get(doc, path):
    node = _lookup(doc, path)
    return None if node is _MISSING else node


def _has(doc, path):
    return _lookup(doc, path) is not _MISSING


class _Report:
    def __init__(self, doc, positions, hidden):
        self.doc, self.positions, self.hidden = doc, positions, hidden
        self.lines = []

    def shown(self, path):
        return MASK if tuple(path) in self.hidden else repr(_get(self.doc, path))

    def add(self, path, message, key=False):
        path = tuple(path)
        line = f"{self.positions.where(path, key)}: {yamlpos.path_text(path)}: {message}"
        if line not in self.lines:
            self.lines.append(line)


# --- checks on the document itself -------------------------------------------------------------

def _keyed_lists(report):
    for lst in lists.ALL:
        path, key = lst.path, lst.key_field
        why = f"{lst.text} items are keyed by {lst.key_name}"
        seen = {}
        for i, item in enumerate(_get(report.doc, path) or []):
            ident = lst.key(item)
            if ident in seen:
                where = path + (i, key) if key else path + (i,)
                first = report.positions.of_value(path + (seen[ident],))[0]
                what = f"{key} {item.get(key)!r}" if key else "the same server"
                report.add(where, f"{what} is given twice (first at line {first}); {why}", key=bool(key))
            else:
                seen[ident] = i


def _units(report):
    for path, normalise in UNIT_FIELDS.items():
        if _has(report.doc, path):
            try:
                normalise(_get(report.doc, path))
            except (ValueError, TypeError) as exc:
                report.add(path, str(exc) if tuple(path) not in report.hidden else "not a valid value")


def _profiles(report, info):
    """The profile list depends on the codec; the model cannot even name a profile the codec lacks."""
    for stream in ("main", "sub"):
        path = ("video", stream, "profile")
        if not _has(report.doc, path):
            continue
        codec = units.CODEC.code(_get(report.doc, ("video", stream, "codec")) or "h264")
        table = units.profile_enum(codec)
        if _get(report.doc, path) not in table.names:
            allowed = _allowed_text(video.MAIN.device, "profile", info, codec=codec)
            report.add(path, f"{report.shown(path)} is not supported by the device with codec "
                             f"{units.CODEC.name(codec)}; use one of: {allowed} (errParam)")


def _names(report):
    doc = report.doc
    checks = [(("device", "name"), rules.check_name), (("recording", "folder"), rules.check_folder),
              (("recording", "file_prefix"), rules.check_name),
              (("network", "access_point", "password"), rules.check_name)]
    for i, _ in enumerate(_get(doc, ("users",)) or []):
        checks.append((("users", i, "name"), rules.check_name))
    for i, _ in enumerate(_get(doc, ("live", "servers")) or []):
        checks.append((("live", "servers", i, "name"), rules.check_name))
        for stream in ("main", "sub"):
            if _get(doc, ("live", "servers", i, stream)) is not None:
                checks.append((("live", "servers", i, stream), rules.check_name))
    for path, check in checks:
        value = _get(doc, path)
        if value is not None:
            for v in check(value.reveal() if hasattr(value, "reveal") else value):
                message = v.message if tuple(path) not in report.hidden else v.message.split(":")[0]
                report.add(path, f"{message} ({v.code_name})")


# Which server types have a field: the model's per-type tables, in the words a user reads.
TYPE_NAMES = {"rtmp": "RTMP", "twitch": "Twitch", "youtube": "YouTube", "facebook": "Facebook", "rtsp": "RTSP",
              "ftp": "FTP", "google_drive": "Google Drive", "dropbox": "Dropbox"}
FIELD_NOUNS = {"url": "a url", "key": "a stream key", "auth": "authentication", "token": "a token",
               "event_data": "event data", "port": "a port", "main": "a main stream name",
               "sub": "a sub stream name", "audio": "an audio setting", "protocol": "a protocol",
               "encryption": "an encryption setting", "login": "a login type", "username": "a username",
               "password": "a password", "mode": "a transfer mode", "account_id": "an account_id",
               "user_name": "a user_name", "access_token": "an access token", "refresh_token": "a refresh token",
               "parents": "a parent folder", "privacy": "a privacy setting"}
TYPED_LISTS = [(("live", "servers"), units.SERVER_TYPE, live.table),
               (("uploads", "servers"), units.UPLOAD_TYPE, uploads.table)]


def _joined(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _typed_fields(report):
    """A field of one server type written on another: refused, where the model would silently drop it."""
    for path, types, table in TYPED_LISTS:
        has = {kind: {f.key for f in table(kind)} for kind in types.names}
        for i, item in enumerate(_get(report.doc, path) or []):
            kind = item.get("type")
            for key in item:
                if kind in has and key not in has[kind]:
                    owners = [TYPE_NAMES[k] for k in types.names if key in has[k]]
                    report.add(path + (i, key), f"only {_joined(owners)} servers have "
                                                f"{FIELD_NOUNS.get(key, repr(key))}", key=True)


def _shown_image(report):
    """`show` names an image the file lists or a built-in one (when the file lists its images)."""
    no_signal = _get(report.doc, ("video", "no_signal")) or {}
    show = no_signal.get("show")
    if show is None or "images" not in no_signal:
        return
    names = list(nosignal.BUILT_IN) + [item.get("name") or nosignal.image_name(item.get("file", ""))
                                       for item in no_signal["images"] or []]
    if show not in names:
        import difflib  # here: only a file with this mistake needs suggestions
        close = difflib.get_close_matches(str(show), names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        report.add(("video", "no_signal", "show"), f"{show!r} is not an image: use one of {', '.join(names)}{hint}")


def _image_names(report):
    """The device names an uploaded image after its file: a different `name` could never match."""
    images = _get(report.doc, ("video", "no_signal", "images")) or []
    for i, item in enumerate(images if isinstance(images, list) else []):
        if isinstance(item, dict) and item.get("name") and isinstance(item.get("file"), str):
            stem = nosignal.image_name(os.path.basename(item["file"]))
            if stem != item["name"]:
                report.add(("video", "no_signal", "images", i, "name"),
                           f"the device names an image after its file ({stem!r}); name it {stem!r} "
                           f"or rename the file to {item['name']!r} with its extension")


def _cloud_addresses(report):
    """cloud-reg-ex takes an IPv4 address (cloud-ip-addr), nothing else: a registration needs one."""
    for i, item in enumerate(_get(report.doc, ("cloud",)) or []):
        if not isinstance(item, dict):
            continue
        address = item.get("address")
        if address is None:
            report.add(("cloud", i), "missing required field 'address' (the cloud server's IPv4 address)")
        elif rules.check_ipv4(str(address), "address"):
            report.add(("cloud", i, "address"), f"{address!r} is not an IPv4 address: the device registers "
                                                "with an IP address (cloud-ip-addr), not a host name")
        code = item.get("invitation_code")
        code = code.reveal() if hasattr(code, "reveal") else code
        if code is not None and not re.match(r"^[0-9]{4}$", str(code)):
            report.add(("cloud", i, "invitation_code"), "an invitation code is 4 digits (cloud-code)")


def new_item_problems(desired, users, settings):
    """What only the device's state can tell: a user it does not have needs a password (add-user),
    a no-signal image it does not have needs a file (add-nosignal-file), a push server it does
    not have needs a stream key (add-server's example carries one), and `show` without `images`
    must name an image the device holds.

    `users` is the device's get-users list and `settings` its get-settings; only known with a
    device (`usconf validate --device`).
    """
    out = new_user_problems(desired, users)
    servers = {s.get("name") for s in (settings or {}).get(lists.LIVE_SERVERS.device, []) if isinstance(s, dict)}
    for i, server in enumerate(_get(desired.doc or {}, ("live", "servers")) or []):
        if isinstance(server, dict) and server.get("name") not in servers and server.get("type") != "rtsp" \
                and server.get("key") is None:
            where = desired.positions.where(("live", "servers", i)) if desired.positions else "live.servers"
            out.append(f"{where}: live.servers[{i}]: {server.get('name')!r} is not on the device and has no key; "
                       "a new push server needs one (add-server)")
    held = {lists.IMAGES.device_identity(f) for f in (settings or {}).get(lists.IMAGES.device, [])
            if isinstance(f, dict)}
    images = _get(desired.doc or {}, ("video", "no_signal", "images")) or []
    for i, image in enumerate(images if isinstance(images, list) else []):
        if isinstance(image, dict) and image.get("name") not in held and image.get("file") is None:
            path = ("video", "no_signal", "images", i)
            where = desired.positions.where(path) if desired.positions else "video.no_signal.images"
            out.append(f"{where}: video.no_signal.images[{i}]: {image.get('name')!r} is not on the device and "
                       "has no file; a new image needs one (add-nosignal-file)")
    missing = nosignal.missing_shown(desired.canonical or {}, settings or {})
    if missing:
        path = ("video", "no_signal", "show")
        out.append(f"{desired.positions.where(path) if desired.positions else 'video.no_signal.show'}: {missing}")
    return out


def new_user_problems(desired, users):
    """Users the device does not have yet and the file gives no password for: add-user needs one."""
    have = {u.get("id") for u in users or [] if isinstance(u, dict)}
    out = []
    for i, user in enumerate((desired.doc or {}).get("users") or []):
        if isinstance(user, dict) and user.get("name") not in have and user.get("password") is None:
            where = desired.positions.where(("users", i)) if desired.positions else "users"
            out.append(f"{where}: users[{i}]: {user.get('name')!r} is not on the device and has no password; "
                       "a new user needs one (add-user)")
    return out


def _static_addresses(report):
    """Addresses are the interface's own only without DHCP: with DHCP the device takes them from
    the network (and shows none), so a file gives them together with `dhcp: false`."""
    for name in ("ethernet", "wifi"):
        iface = _get(report.doc, ("network", name))
        if not isinstance(iface, dict) or iface.get("dhcp") is False:
            continue
        for key in ("address", "netmask", "gateway", "dns"):
            if key in iface:
                report.add(("network", name, key), f"a static {key} needs dhcp: false beside it "
                                                    "(with DHCP the network gives the addresses)")


def _edid_source(report):
    """`edid.file` imports a file, `edid.default: true` restores the default EDID: one or the other."""
    edid = _get(report.doc, ("edid",))
    if isinstance(edid, dict) and edid.get("default") is True and edid.get("file") is not None:
        report.add(("edid", "default"), "edid.file and edid.default: true both say which EDID to use; "
                                        "keep one")


def file_paths(doc):
    """Paths of the fields that name a local file (EDID, no-signal images), with the check of its content."""
    edid = doc.get("edid")
    if isinstance(edid, dict) and isinstance(edid.get("file"), str):
        yield ("edid", "file"), rules.check_edid
    images = _get(doc, ("video", "no_signal", "images"))
    for i, item in enumerate(images if isinstance(images, list) else []):
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            yield ("video", "no_signal", "images", i, "file"), rules.check_nosignal_image


def resolve_files(doc, base_dir):
    """File fields made absolute against `base_dir` (the YAML file's folder), so that the model, these
    checks and the planner's uploads all read the same file whatever the working directory."""
    paths = [path for path, _ in file_paths(doc)]
    if isinstance(_get(doc, FIRMWARE_FILE), str):
        paths.append(FIRMWARE_FILE)
    for path in paths:
        node = _get(doc, path[:-1])
        node[path[-1]] = os.path.abspath(os.path.join(str(base_dir), node[path[-1]]))
    return doc


FIRMWARE_FILE = ("device", "firmware", "file")


def _firmware(report, device_info):
    """Sections the firmware lacks: the one the file asks for, else (with --device) the one that runs."""
    wanted = _get(report.doc, ("device", "firmware", "version"))
    running = (device_info or {}).get("product", {}).get("firmware-ver-s") if device_info else None
    version = wanted or running
    if not version:
        return
    # here, not at the top: only a file or a device naming a firmware needs the table
    from usconf.spec import versions

    which = f"device.firmware.version is {wanted}" if wanted else f"the device runs firmware {running}"
    for path, method, needed in versions.missing_sections(report.doc, version):
        report.add(path, f"needs firmware {needed} or newer ({method} was added in V{needed}); {which}", key=True)
    path = _get(report.doc, FIRMWARE_FILE)
    if isinstance(path, str) and not os.path.isfile(path):
        report.add(FIRMWARE_FILE, f"cannot read {report.shown(FIRMWARE_FILE)}: no such file")


# Stated caps, checked with os.stat before a file is opened (a FIFO, /dev/zero or a huge file is
# refused unread). An EDID is 2 to 256 blocks of 128 bytes (a base block and at least the CEA
# extension an HDMI input needs). A no-signal image is read up to 4 MB, so one a little over
# get-info's limit still gets the device's own words for it (rules.check_nosignal_image).
EDID_MIN_BYTES = 2 * rules.EDID_BLOCK
EDID_MAX_BYTES = 256 * rules.EDID_BLOCK
IMAGE_MAX_READ = 4 * 1024 * 1024


def _files(report, info=None):
    for path, check in file_paths(report.doc):
        name = report.shown(path)
        if path[0] == "edid":
            low, high, what = EDID_MIN_BYTES, EDID_MAX_BYTES, f"{name}: the EDID file"
        else:
            low, high, what = 0, IMAGE_MAX_READ, f"{name}: the image"
        try:
            data = files.read_regular(_get(report.doc, path), high, low, what=what)
        except files.FileRefused as exc:
            report.add(path, str(exc))
            continue
        except (OSError, ValueError) as exc:     # ValueError: a NUL in the path
            report.add(path, f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}")
            continue
        for v in check(data, info=info) if check is rules.check_nosignal_image else check(data):
            report.add(path, f"{name}: {v.message} ({v.code_name})")


# --- capabilities and device rules on the device-shaped state ------------------------------------

def _allowed_text(group, field, info, codec=0):
    """What the device accepts for a field, written in the language's units."""
    cap = ("codec-cap",)
    if field == "kbps" and group in (video.MAIN.device, video.SUB.device):
        return ", ".join(units.bitrate_text(k) for k in values(info, *cap, "video-kbps"))
    if field == "kbps":
        return ", ".join(f"{k}k" for k in values(info, *cap, "audio-kbps"))
    if field == "duration":
        return ", ".join(f"{units.fps_of_duration(d):g}" for d in values(info, *cap, "durations"))
    if field in ("gop", "cbrstat"):
        return ", ".join(f"{s}s" for s in values(info, *cap, "gop-sec" if field == "gop" else "stat-sec"))
    if field == "cx,cy":
        return ", ".join(f"{w}x{h}" for w, h in values(info, *cap, "resolutions"))
    if field == "profile":
        table = units.profile_enum(codec)
        return ", ".join(table.name(p) for p in values(info, *cap, "hevc-profile" if codec == 1 else "profile"))
    if field == "time-unit":
        return ", ".join(str(m) for m in values(info, "rec-control", "time-unit"))
    return None


def _group_path(group, field):
    return sections.field_path(group, field) or ()


def _report_group(report, group, violations, info, settings):
    for v in violations:
        path = _group_path(group, v.field)
        if not _relevant(report.doc, path):
            continue
        allowed = _allowed_text(group, v.field, info, codec=settings.get(group, {}).get("codec", 0))
        if allowed and v.code == codes.PARAM and _has(report.doc, path):
            report.add(path, f"{report.shown(path)} is not supported by the device; use one of: {allowed} "
                             f"({v.code_name})")
        else:
            report.add(path, f"{v.message} ({v.code_name})")


def _relevant(doc, path):
    """A violation is the file's doing only where the file speaks: the path, or its group, is written."""
    return _has(doc, path) or (len(path) > 1 and _has(doc, path[:-1]) and len(path) > 2)


def _server_index(doc, name):
    for i, item in enumerate(_get(doc, ("live", "servers")) or []):
        if item.get("name") == name:
            return i
    return None


def _device_checks(report, settings, info):
    doc = report.doc
    # each group the document sets, judged by the rulebook check its descriptor names
    for setting in sections.GROUPS + sections.INTERFACES:
        path = tuple(setting.path.split("."))
        if setting.check is None or not _has(doc, path) or not isinstance(settings.get(setting.device), dict):
            continue
        found = setting.check(settings[setting.device], info)
        if setting is sections.CLOCK and not _has(doc, ("device", "time", "time")):
            # auto: false without a time keeps the device's clock running: the planner sends the
            # device's own current time, so there is no manual time in the file to check.
            found = [v for v in found if v.field != "time"]
        _report_group(report, setting.device, found, info, settings)
    if _has(doc, ("audio", "bitrate")):
        for v in rules.check_audio_kbps(settings[audio.ENCODING.device]["kbps"], info):
            report.add(("audio", "bitrate"), f"{report.shown(('audio', 'bitrate'))} is not supported by the device; "
                                             f"use one of: {_allowed_text('audio', 'kbps', info)} ({v.code_name})")
    if _has(doc, ("audio", "sync_offset_ms")):
        for v in rules.check_sync_offset(settings.get(audio.SYNC_OFFSET.device)):
            report.add(("audio", "sync_offset_ms"), f"{v.message} ({v.code_name})")
    for server in settings.get(lists.LIVE_SERVERS.device, []):
        i = _server_index(doc, server.get("name"))
        if i is None:
            continue
        for v in rules.check_server_fields(server):
            sub = SERVER_FIELDS.get(v.field)
            path = ("live", "servers", i) + ((sub,) if sub else ())
            report.add(path, f"{v.message} ({v.code_name})", key=not _has(doc, path))
    for v in rules.check_state(settings, info):
        path = sections.language_path(v.field)
        if path is None or not _relevant(doc, path):
            if path == ("video", "main", "codec") and _has(doc, ("live", "servers")):
                path = ("live", "servers")
            else:
                continue
        report.add(path, f"{v.message} ({v.code_name})", key=True)


def _edid_present(report, info):
    """An SDI unit has no EDID: get-edid-config and set-edid-config answer errDevice.

    Only a device's own get-info can say so; offline the HDMI reference is assumed."""
    from usconf.model import Snapshot

    if _has(report.doc, ("edid",)) and Snapshot(info=info).is_sdi:
        report.add(("edid",), "this Ultra Stream SDI has no EDID (an SDI input)", key=True)


def default_snapshot(info=None):
    """A factory-new device (with the given get-info): what offline validation merges onto."""
    from usconf.emulator import factory
    from usconf.model import Snapshot

    info = info or default_info("hdmi")
    serial = str(info.get("product", {}).get("sn", "C301181214002"))
    return Snapshot(info=info, status={"cur-status": 0}, settings=factory.settings(serial),
                    users=[{"id": "Admin", "type": 0}], edid=factory.edid_config(),
                    cloud={"status": factory.cloud()})


def problems(doc, positions, info=None, hidden=frozenset()):
    """Problem lines for a schema-valid `doc` (empty when it is valid)."""
    from usconf import model

    report = _Report(doc, positions, hidden)
    _keyed_lists(report)
    _units(report)
    _names(report)
    _typed_fields(report)
    _shown_image(report)
    _firmware(report, info)
    _image_names(report)
    _cloud_addresses(report)
    _static_addresses(report)
    _edid_source(report)
    info = info or default_info("hdmi")
    _files(report, info)
    _profiles(report, info)
    _edid_present(report, info)
    if report.lines:
        return report.lines
    try:
        desired = model.from_yaml(doc)
        state = model.to_device(desired, default_snapshot(info))
    except ValidationError as exc:
        return [f"{positions.where(())}: {line}" for line in exc.problems]
    except (ValueError, TypeError, KeyError) as exc:
        # The schema and the unit checks above should have caught it; say what the model refused.
        return [f"{positions.where(())}: (document): {exc if not hidden else exc.__class__.__name__}"]
    _device_checks(report, state.settings, info)
    return report.lines


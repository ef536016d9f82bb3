"""video.main / sub / color / input_format / output_format (no_signal lives in nosignal.py)."""
from usconf import rules
from usconf.model import fields as F
from usconf.model import nosignal, units
from usconf.model.descriptor import group
from usconf.model.fields import Field


def _put_resolution(group, value):
    group["cx"], group["cy"] = units.resolution_size(value)


def _profile_field():
    def get(group):
        return units.profile_enum(group.get("codec", 0)).name(group["profile"])

    def put(group, name):
        # Written after codec (table order), so the codec the stream will have decides the table.
        group["profile"] = units.profile_enum(group.get("codec", 0)).code(name)

    def canonical(name):
        for table in (units.H264_PROFILE, units.HEVC_PROFILE):
            if name in table.names or name in (str(n).lower() for n in table.names):
                return str(name).lower()
        raise ValueError(f"{name!r} is not one of baseline, main, high")

    return Field("profile", yaml=canonical, get=lambda g: get(g) if "profile" in g else None, put=put,
                 devices=("profile",))


STREAM = [
    F.boolean("follow_input", "is-auto"),
    F.enum("codec", "codec", units.CODEC),
    Field("resolution", yaml=units.resolution, get=lambda g: units.resolution_of(g["cx"], g["cy"]),
          put=_put_resolution, devices=("cx", "cy")),
    Field("fps", "duration", yaml=units.fps, read=units.fps_of_duration, write=units.duration_of_fps),
    Field("bitrate", "kbps", yaml=units.bitrate_kbps, read=int),
    Field("gop", "gop", yaml=units.seconds, read=int),
    _profile_field(),
    F.boolean("full_range", "fullrange"),
    Field("bitrate_window", "cbrstat", yaml=units.seconds, read=int),
]



def _sub_only(field, device_value):
    """A sub-stream field the reference's sub stream does not have (it is always H.264):
    read as that fixed value where the device reports no such field, and
    never written where it has none (the language allows nothing else)."""
    def get(group):
        return field.read(group) if field.device in group else field.read({field.device: device_value})

    def put(group, value):
        if field.device in group:
            field.write(group, value)

    return Field(field.key, yaml=field.yaml, get=get, put=put, devices=field.device_keys)


# The language has no video.sub.follow_input; video.sub.codec can only be h264.
SUB_STREAM = [_sub_only(STREAM[1], 0)] + STREAM[2:]

COLOR = [F.integer(key, key) for key in ("contrast", "brightness", "saturation", "hue")]


def _auto_choice(key, flag, value_key, table):
    """`auto` or a name: the device keeps an is-custom flag beside the chosen value."""
    def get(group):
        return units.AUTO if not group.get(flag) else table.name(group[value_key])

    def put(group, name):
        if name == units.AUTO:
            group[flag] = 0      # the device keeps its last custom value; auto ignores it
        else:
            group[flag], group[value_key] = 1, table.code(name)

    def canonical(name):
        return units.AUTO if str(name).lower() == units.AUTO else table.canonical(name)

    return Field(key, yaml=canonical, get=get, put=put, devices=(flag, value_key))


INPUT_FORMAT = [
    _auto_choice("color_space", "is-color-fmt", "color-fmt", units.INPUT_COLOR),
    _auto_choice("quantization", "is-quant-range", "quant-range", units.QUANT),
]
OUTPUT_FORMAT = [
    _auto_choice("color_space", "is-color-fmt", "color-fmt", units.OUTPUT_COLOR),
    _auto_choice("quantization", "is-quant-range", "quant-range", units.QUANT),
    _auto_choice("saturation", "is-sat-range", "sat-range", units.SATURATION),
]

MAIN = group("video.main", "main-stream", "set-video", STREAM, fixed={"stream": "0"}, check=rules.check_video_stream)
def _sub_stream_params(params, stream):
    """set-video of the sub stream: its example carries is-auto and codec, which the sub stream
    can only take as 0 (never follows the input, always H.264); get-settings shows neither."""
    params.setdefault("is-auto", "0")
    params.setdefault("codec", "0")
    return params


SUB = group("video.sub", "sub-stream", "set-video", SUB_STREAM, fixed={"stream": "1"},
            check=lambda stream, info: rules.check_video_stream(stream, info, sub=True), finish=_sub_stream_params)
COLOR_GROUP = group("video.color", "video-color", "set-video-color", COLOR, check=rules.check_color)
INPUT_GROUP = group("video.input_format", "video-input-format", "set-video-input-format", INPUT_FORMAT,
                    check=rules.check_input_format)
OUTPUT_GROUP = group("video.output_format", "video-output-format", "set-video-output-format", OUTPUT_FORMAT,
                     check=rules.check_output_format)

# language key -> (device group, field table)
GROUPS = {s.path.split(".")[-1]: (s.device, list(s.fields)) for s in (MAIN, SUB, COLOR_GROUP, INPUT_GROUP, OUTPUT_GROUP)}


def from_yaml(doc):
    out = {}
    for key, (_, table) in GROUPS.items():
        if key in doc:
            out[key] = F.from_yaml(table, doc[key])
    if "no_signal" in doc:
        out["no_signal"] = nosignal.from_yaml(doc["no_signal"])
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = {}
    for key, (device_key, table) in GROUPS.items():
        if isinstance(s.get(device_key), dict):
            values = F.from_device(table, s[device_key])
            out[key] = {k: v for k, v in values.items() if v is not None}
    no_signal = nosignal.from_device(snapshot)
    if no_signal:
        out["no_signal"] = no_signal
    return out


def to_device(desired, snapshot, state):
    s = state.settings
    for key, (device_key, table) in GROUPS.items():
        if key in desired:
            F.to_device(table, desired[key], s.setdefault(device_key, {}))
    if "no_signal" in desired:
        nosignal.to_device(desired["no_signal"], snapshot, state)

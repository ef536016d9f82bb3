"""audio.bitrate, sync_offset_ms and the three volume channels (input, mic, headphones)."""
from usconf import rules
from usconf.model import fields as F
from usconf.model import units
from usconf.model.descriptor import group, scalar
from usconf.model.fields import Field

# language channel -> (mute/enable flag, gain key) in the device's `volume` group
CHANNELS = {
    "input": ("is-spi", "spi-gain"),
    "mic": ("is-mic", "mic-gain"),
    "headphones": ("is-phone", "phone-gain"),
}


def _channel_fields(flag, gain):
    # The device's flag means "enabled"; the language says mute, the way a mixer does.
    return [F.inverted("mute", flag), Field("gain_db", gain, yaml=units.gain)]


# Made once: a Field holds no state, and the planner reads the audio section after every simulated call.
CHANNEL_FIELDS = {channel: _channel_fields(flag, gain) for channel, (flag, gain) in CHANNELS.items()}


BITRATE = Field("bitrate", "kbps", yaml=units.bitrate_kbps, read=int)
SYNC = F.integer("sync_offset_ms", "audio-sync-offset")

# sample-rate and channels are read-only: set-audio carries the bitrate alone.
ENCODING = group("audio", "audio", "set-audio", [BITRATE], params=("kbps",))
SYNC_OFFSET = scalar("audio.sync_offset_ms", SYNC, "set-sync-offset")
VOLUME = group("audio", "volume", "set-volume",
               [f for table in CHANNEL_FIELDS.values() for f in table],
               labels={key: f"{name}.{field}" for name, keys in CHANNELS.items()
                       for key, field in zip(keys, ("mute", "gain_db"))}, check=rules.check_volume)

READ_ONLY = {"sample-rate": "sample rate (Hz)", "channels": "channels"}


def from_yaml(doc):
    out = {}
    if "bitrate" in doc:
        out["bitrate"] = BITRATE.yaml(doc["bitrate"])
    out.update(F.from_yaml([SYNC], doc))
    for channel, table in CHANNEL_FIELDS.items():
        if channel in doc:
            out[channel] = F.from_yaml(table, doc[channel])
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = {}
    if isinstance(s.get(ENCODING.device), dict) and BITRATE.device in s[ENCODING.device]:
        out["bitrate"] = BITRATE.read(s[ENCODING.device])
    out.update(F.from_device([SYNC], s))
    volume = s.get(VOLUME.device)
    if isinstance(volume, dict):
        for channel, table in CHANNEL_FIELDS.items():
            out[channel] = F.from_device(table, volume)
    return out


def to_device(desired, snapshot, state):
    s = state.settings
    if "bitrate" in desired:
        BITRATE.write(s.setdefault(ENCODING.device, {}), desired["bitrate"])
    F.to_device([SYNC], desired, s)
    for channel, table in CHANNEL_FIELDS.items():
        if channel in desired:
            F.to_device(table, desired[channel], s.setdefault(VOLUME.device, {}))


def read_only(snapshot):
    group = snapshot.settings.get(ENCODING.device, {})
    return [(f"audio.{key}", meaning, group[key]) for key, meaning in READ_ONLY.items() if key in group]

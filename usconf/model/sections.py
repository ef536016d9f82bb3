"""The section descriptors, collected: every get-settings setting the language manages.

Each section module declares its settings beside its Field tables (a
`descriptor.Setting`: language path, device key, Field table, the call that
writes it); the keyed lists are in model/lists.py. This module only lists them,
in the order the planner first tries their calls, so the planner, the
validator, export and the tests all read one registry.
"""
from usconf.model import audio, device, lists, live, network, nosignal, recording, streams, uploads, video

# Scalars with a one-parameter call of their own, in the planner's starting order.
SCALARS = (
    device.NAME, device.APP_SETTINGS, device.SSDP, device.SIGNAL_LOSS, device.KEY_RESET, device.KEY_REBOOT,
    device.AUTO_CHECK, recording.AUTO, live.LOW_LATENCY, live.LOCKED, audio.SYNC_OFFSET, uploads.AUTO_SEND,
    nosignal.ENABLED,
)
# Groups written whole by one call, in the planner's starting order.
GROUPS = (
    video.MAIN, video.SUB, video.COLOR_GROUP, video.INPUT_GROUP, video.OUTPUT_GROUP, audio.VOLUME,
    recording.CONTROL, device.CLOCK_GROUP, audio.ENCODING, network.ACCESS_POINT,
)
# Settings whose calls the planner builds by rules of their own.
STREAM_CHOICES = (streams.RECORD, streams.LIVE, streams.PREVIEW)     # one set-stream for all three
INTERFACES = (network.ETHERNET, network.WIFI)                       # set-net, the tool's own interface last
PAIRING_PASSWORD = device.PAIRING_PASSWORD                           # set-app-passwd with old and new MD5
CLOCK = device.CLOCK_GROUP                                           # also part of set-first-over

ALL = SCALARS + GROUPS + STREAM_CHOICES + INTERFACES + (PAIRING_PASSWORD,)
BY_DEVICE = {s.device: s for s in ALL}


def field_path(device_key, field=None):
    """A device group (and one of its fields) as a language path tuple; None for a key no setting has."""
    setting = BY_DEVICE.get(device_key)
    if setting is None:
        return None
    return setting.field_path(field) if field else tuple(setting.path.split("."))


def language_path(device_field):
    """A rule's device field (a group key, or group.field) as a language path tuple, or None."""
    group, _, field = device_field.partition(".")
    if group in lists.BY_DEVICE:
        return lists.BY_DEVICE[group].path
    return field_path(group, field or None)

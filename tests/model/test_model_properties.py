"""Random device states: device -> canonical -> device gives the device back, and the
canonical value survives being written as YAML would write it."""
import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.model import samples
from usconf import model
from usconf.model import units
from usconf.plan.calls import plain
from usconf.spec.capabilities import DURATIONS, RESOLUTIONS

names = st.text(alphabet="ABCabc019 ._-+'[]()", min_size=1, max_size=32).map(lambda s: s.strip() or "x")
secrets = st.text(alphabet="abcXYZ0129-_:#'\" ", min_size=1, max_size=20)


@st.composite
def streams(draw, sub=False):
    codec = 0 if sub else draw(st.sampled_from([0, 1]))
    cx, cy = draw(st.sampled_from(RESOLUTIONS))
    group = {"cx": cx, "cy": cy, "duration": draw(st.sampled_from([d for _, d in DURATIONS])),
             "kbps": draw(st.sampled_from([256, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192])),
             "gop": draw(st.sampled_from([1, 2, 5, 10, 30, 60])), "fourcc": 0,
             "profile": 0 if codec == 1 else draw(st.sampled_from([0, 1, 2])),
             "cbrstat": draw(st.sampled_from([1, 5, 10, 30, 60])), "fullrange": draw(st.sampled_from([0, 1]))}
    if not sub:
        group.update({"is-auto": draw(st.sampled_from([0, 1])), "codec": codec})
    return group


@st.composite
def live_servers(draw):
    out = []
    for ident, name in enumerate(draw(st.lists(names, max_size=5, unique=True))):
        kind = draw(st.sampled_from([0, 1, 2, 3, 100]))
        item = {"id": ident, "type": kind, "name": name, "url": draw(st.sampled_from(["", "rtmp://h/app"])),
                "key": draw(secrets), "is-auth": draw(st.sampled_from([0, 1])), "user": "u",
                "passwd": draw(secrets), "is-use": draw(st.sampled_from([0, 1])), "token": draw(secrets),
                "event-data": "", "net-mode": draw(st.sampled_from([0, 1, 2]))}
        if kind == 100:
            item.update({"port": draw(st.integers(1, 65535)), "is-main": draw(st.sampled_from([0, 1])),
                         "main-stream-name": "main", "is-sub": draw(st.sampled_from([0, 1])),
                         "sub-stream-name": "sub", "is-audio": draw(st.sampled_from([0, 1]))})
        out.append(item)
    return out


@st.composite
def device_states(draw):
    snap = samples.configured()
    s = snap.settings
    s["main-stream"] = draw(streams())
    s["sub-stream"] = draw(streams(sub=True))
    s["volume"] = {"is-mic": draw(st.sampled_from([0, 1])), "mic-gain": draw(st.floats(-12, 55.25).map(lambda g: round(g, 2))),
                   "is-spi": draw(st.sampled_from([0, 1])), "spi-gain": draw(st.integers(-100, 6)),
                   "is-phone": draw(st.sampled_from([0, 1])), "phone-gain": draw(st.integers(-57, 6))}
    s["stream-server"] = draw(live_servers())
    s["rec-control"].update({"usb-option": draw(st.sampled_from([0, 1])), "sd-option": draw(st.sampled_from([0, 1, 2])),
                             "mime-type": draw(st.sampled_from([0, 1]))})
    s["video-output-format"].update({"is-sat-range": draw(st.sampled_from([0, 1])),
                                     "sat-range": draw(st.sampled_from([1, 2, 3]))})
    return snap


@settings(max_examples=60, deadline=None)
@given(device_states())
def test_device_canonical_device_is_the_identity(snap):
    state = model.to_device(model.from_device(snap), snap)
    expected = {k: v for k, v in snap.settings.items() if k != "result"}
    assert plain(state.settings) == plain(expected)


@settings(max_examples=60, deadline=None)
@given(streams())
def test_video_values_written_the_human_way_read_back_the_same(group):
    snap = samples.factory()
    snap.settings["main-stream"] = copy.deepcopy(group)
    canonical = model.from_device(snap)["video"]["main"]
    written = dict(canonical, bitrate=units.bitrate_text(canonical["bitrate"]),
                   gop=units.seconds_text(canonical["gop"]),
                   bitrate_window=units.seconds_text(canonical["bitrate_window"]))
    assert model.from_yaml({"video": {"main": written}})["video"]["main"] == canonical

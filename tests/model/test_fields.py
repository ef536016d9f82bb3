"""Every field of every section, both ways: a YAML value and the device value it means
normalise to the same canonical value, and writing it back gives the device value."""
import copy

import pytest

from tests.model import samples
from usconf import model
from usconf.secrets import Secret, reveal

# (YAML document, device fields it means (get-settings patch), canonical value)
CASES = [
    # device
    ({"device": {"name": "Studio A Encoder"}}, {"name": "Studio A Encoder"}, {"device": {"name": "Studio A Encoder"}}),
    ({"device": {"app": {"allow_settings": False}}}, {"is-settings": 0}, {"device": {"app": {"allow_settings": False}}}),
    ({"device": {"ssdp": False}}, {"is-ssdp": 0}, {"device": {"ssdp": False}}),
    ({"device": {"stop_on_signal_loss": True}}, {"is-signal-lost": 1}, {"device": {"stop_on_signal_loss": True}}),
    ({"device": {"buttons": {"live_key_reset": False, "rec_key_reboot": True}}},
     {"enable-key-reset": 0, "enable-key-reboot": 1},
     {"device": {"buttons": {"live_key_reset": False, "rec_key_reboot": True}}}),
    ({"device": {"firmware_auto_check": False}}, {"is-check-update": 0}, {"device": {"firmware_auto_check": False}}),
    ({"device": {"time": {"timezone": "Europe/Berlin", "auto": True}}},
     {"date-time": {"timezone": "Europe/Berlin", "is-auto": 1}},
     {"device": {"time": {"timezone": "Europe/Berlin", "auto": True}}}),
    # video.main / sub
    ({"video": {"main": {"bitrate": "4M"}}}, {"main-stream": {"kbps": 4096}}, {"video": {"main": {"bitrate": 4096}}}),
    ({"video": {"main": {"bitrate": "8192k"}}}, {"main-stream": {"kbps": 8192}}, {"video": {"main": {"bitrate": 8192}}}),
    ({"video": {"main": {"bitrate": 3072}}}, {"main-stream": {"kbps": 3072}}, {"video": {"main": {"bitrate": 3072}}}),
    ({"video": {"sub": {"bitrate": "1.5M"}}}, {"sub-stream": {"kbps": 1536}}, {"video": {"sub": {"bitrate": 1536}}}),
    ({"video": {"sub": {"bitrate": "768"}}}, {"sub-stream": {"kbps": 768}}, {"video": {"sub": {"bitrate": 768}}}),
    ({"video": {"main": {"fps": 59.94}}}, {"main-stream": {"duration": 166833}}, {"video": {"main": {"fps": 59.94}}}),
    ({"video": {"main": {"fps": 60}}}, {"main-stream": {"duration": 166667}}, {"video": {"main": {"fps": 60.0}}}),
    ({"video": {"sub": {"fps": 30}}}, {"sub-stream": {"duration": 333333}}, {"video": {"sub": {"fps": 30.0}}}),
    ({"video": {"sub": {"fps": 29.97}}}, {"sub-stream": {"duration": 333667}}, {"video": {"sub": {"fps": 29.97}}}),
    ({"video": {"main": {"fps": 25}}}, {"main-stream": {"duration": 400000}}, {"video": {"main": {"fps": 25.0}}}),
    ({"video": {"main": {"fps": 24}}}, {"main-stream": {"duration": 416667}}, {"video": {"main": {"fps": 24.0}}}),
    ({"video": {"main": {"fps": 15}}}, {"main-stream": {"duration": 666667}}, {"video": {"main": {"fps": 15.0}}}),
    ({"video": {"main": {"fps": 50}}}, {"main-stream": {"duration": 200000}}, {"video": {"main": {"fps": 50.0}}}),
    ({"video": {"main": {"gop": "2s"}}}, {"main-stream": {"gop": 2}}, {"video": {"main": {"gop": 2}}}),
    ({"video": {"main": {"gop": 10}}}, {"main-stream": {"gop": 10}}, {"video": {"main": {"gop": 10}}}),
    ({"video": {"main": {"bitrate_window": "60s"}}}, {"main-stream": {"cbrstat": 60}},
     {"video": {"main": {"bitrate_window": 60}}}),
    ({"video": {"sub": {"bitrate_window": 5}}}, {"sub-stream": {"cbrstat": 5}}, {"video": {"sub": {"bitrate_window": 5}}}),
    ({"video": {"main": {"resolution": "1280x720"}}}, {"main-stream": {"cx": 1280, "cy": 720}},
     {"video": {"main": {"resolution": "1280x720"}}}),
    ({"video": {"main": {"follow_input": True}}}, {"main-stream": {"is-auto": 1}},
     {"video": {"main": {"follow_input": True}}}),
    ({"video": {"main": {"codec": "hevc", "profile": "main"}}}, {"main-stream": {"codec": 1, "profile": 0}},
     {"video": {"main": {"codec": "hevc", "profile": "main"}}}),
    ({"video": {"main": {"codec": "h264", "profile": "baseline"}}}, {"main-stream": {"codec": 0, "profile": 0}},
     {"video": {"main": {"codec": "h264", "profile": "baseline"}}}),
    ({"video": {"main": {"profile": "main"}}}, {"main-stream": {"profile": 1}}, {"video": {"main": {"profile": "main"}}}),
    ({"video": {"main": {"full_range": True}}}, {"main-stream": {"fullrange": 1}},
     {"video": {"main": {"full_range": True}}}),
    ({"video": {"sub": {"full_range": False}}}, {"sub-stream": {"fullrange": 0}},
     {"video": {"sub": {"full_range": False}}}),
    # video.color / formats
    ({"video": {"color": {"contrast": 110, "brightness": -5, "saturation": 90, "hue": 12}}},
     {"video-color": {"contrast": 110, "brightness": -5, "saturation": 90, "hue": 12}},
     {"video": {"color": {"contrast": 110, "brightness": -5, "saturation": 90, "hue": 12}}}),
    ({"video": {"input_format": {"color_space": "bt2020", "quantization": "limited"}}},
     {"video-input-format": {"is-color-fmt": 1, "color-fmt": 4, "is-quant-range": 1, "quant-range": 2}},
     {"video": {"input_format": {"color_space": "bt2020", "quantization": "limited"}}}),
    ({"video": {"input_format": {"color_space": "rgb", "quantization": "full"}}},
     {"video-input-format": {"is-color-fmt": 1, "color-fmt": 1, "is-quant-range": 1, "quant-range": 1}},
     {"video": {"input_format": {"color_space": "rgb", "quantization": "full"}}}),
    ({"video": {"input_format": {"color_space": "auto"}}}, {"video-input-format": {"is-color-fmt": 0}},
     {"video": {"input_format": {"color_space": "auto"}}}),
    ({"video": {"output_format": {"color_space": "bt709", "quantization": "limited", "saturation": "extended"}}},
     {"video-output-format": {"is-color-fmt": 1, "color-fmt": 3, "is-quant-range": 1, "quant-range": 2,
                              "is-sat-range": 1, "sat-range": 3}},
     {"video": {"output_format": {"color_space": "bt709", "quantization": "limited", "saturation": "extended"}}}),
    ({"video": {"output_format": {"color_space": "bt601", "saturation": "auto"}}},
     {"video-output-format": {"is-color-fmt": 1, "color-fmt": 2, "is-sat-range": 0}},
     {"video": {"output_format": {"color_space": "bt601", "saturation": "auto"}}}),
    ({"video": {"no_signal": {"enabled": False}}}, {"use-nosignal-file": 0},
     {"video": {"no_signal": {"enabled": False}}}),
    ({"video": {"no_signal": {"show": "default0"}}},
     {"nosignal-files": [dict(samples.SETTINGS["nosignal-files"][0], **{"is-use": 1}),
                         dict(samples.SETTINGS["nosignal-files"][1], **{"is-use": 0})]},
     {"video": {"no_signal": {"show": "default0"}}}),
    # streams
    ({"streams": {"record": "sub", "live": "main", "preview": "main"}},
     {"rec-stream": 1, "live-stream": 0, "mws-stream": 0},
     {"streams": {"record": "sub", "live": "main", "preview": "main"}}),
    # audio
    ({"audio": {"bitrate": "96k"}}, {"audio": {"kbps": 96}}, {"audio": {"bitrate": 96}}),
    ({"audio": {"bitrate": 64}}, {"audio": {"kbps": 64}}, {"audio": {"bitrate": 64}}),
    ({"audio": {"sync_offset_ms": -120}}, {"audio-sync-offset": -120}, {"audio": {"sync_offset_ms": -120}}),
    ({"audio": {"mic": {"mute": True, "gain_db": 12.5}}}, {"volume": {"is-mic": 0, "mic-gain": 12.5}},
     {"audio": {"mic": {"mute": True, "gain_db": 12.5}}}),
    ({"audio": {"headphones": {"mute": False, "gain_db": -6}}}, {"volume": {"is-phone": 1, "phone-gain": -6}},
     {"audio": {"headphones": {"mute": False, "gain_db": -6.0}}}),
    ({"audio": {"input": {"mute": True, "gain_db": 3}}}, {"volume": {"is-spi": 0, "spi-gain": 3}},
     {"audio": {"input": {"mute": True, "gain_db": 3.0}}}),
    # recording
    ({"recording": {"usb": "off", "sd": "loop", "container": "mov"}},
     {"rec-control": {"usb-option": 0, "sd-option": 2, "mime-type": 1}},
     {"recording": {"usb": "off", "sd": "loop", "container": "mov"}}),
    ({"recording": {"sd": "off"}}, {"rec-control": {"sd-option": 0}}, {"recording": {"sd": "off"}}),
    ({"recording": {"folder": "Studio/A", "file_prefix": "STUDIO_A", "segment_minutes": 30}},
     {"rec-control": {"root-folder": "Studio/A", "file-prefix": "STUDIO_A", "time-unit": 30}},
     {"recording": {"folder": "Studio/A", "file_prefix": "STUDIO_A", "segment_minutes": 30}}),
    ({"recording": {"auto_start": True}}, {"is-auto-rec": 1}, {"recording": {"auto_start": True}}),
    # live
    ({"live": {"low_latency": True, "locked": True}}, {"is-low-latency": 1, "is-auto-live": 1},
     {"live": {"low_latency": True, "locked": True}}),
    # uploads
    ({"uploads": {"auto": True}}, {"is-auto-send-file": 1}, {"uploads": {"auto": True}}),
    # network
    ({"network": {"ethernet": {"dhcp": False, "address": "10.0.0.5", "netmask": "255.255.255.0",
                               "gateway": "10.0.0.1", "dns": "10.0.0.2"}}},
     {"eth": {"is-dhcp": 0, "ip": "10.0.0.5", "mask": "255.255.255.0", "router": "10.0.0.1", "dns": "10.0.0.2"}},
     {"network": {"ethernet": {"dhcp": False, "address": "10.0.0.5", "netmask": "255.255.255.0",
                               "gateway": "10.0.0.1", "dns": "10.0.0.2"}}}),
    ({"network": {"wifi": {"dhcp": True}}}, {"wifi": {"is-dhcp": 1}}, {"network": {"wifi": {"dhcp": True}}}),
    ({"network": {"wifi": {"dhcp": False, "address": "192.168.8.9", "netmask": "255.255.255.0",
                           "gateway": "192.168.8.1"}}},
     {"wifi": {"is-dhcp": 0, "ip": "192.168.8.9", "mask": "255.255.255.0", "router": "192.168.8.1"}},
     {"network": {"wifi": {"dhcp": False, "address": "192.168.8.9", "netmask": "255.255.255.0",
                           "gateway": "192.168.8.1"}}}),
    ({"network": {"access_point": {"password": Secret("ap-pass-1")}}}, {"softap": {"softap-passwd": "ap-pass-1"}},
     {"network": {"access_point": {"password": Secret("ap-pass-1")}}}),
    ({"network": {"access_point": {"visible": False}}}, {"softap": {"is-visible": 0}},
     {"network": {"access_point": {"visible": False}}}),
]


def merged(base, patch):
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def contains(whole, part):
    """Every value `part` gives is in `whole` (Secrets compared by value)."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(k in whole and contains(whole[k], v) for k, v in part.items())
    if isinstance(part, list):
        return isinstance(whole, list) and len(whole) == len(part) and all(map(contains, whole, part))
    return reveal(whole) == reveal(part)


def case_id(case):
    return repr(case[0])[:70]


@pytest.mark.parametrize("doc, device, canonical", CASES, ids=[case_id(c) for c in CASES])
def test_yaml_value_normalises_to_the_canonical_value(doc, device, canonical):
    assert model.from_yaml(doc) == canonical


@pytest.mark.parametrize("doc, device, canonical", CASES, ids=[case_id(c) for c in CASES])
def test_device_value_normalises_to_the_same_canonical_value(doc, device, canonical):
    snap = samples.factory()
    snap.settings = merged(snap.settings, device)
    assert contains(model.from_device(snap), canonical)


@pytest.mark.parametrize("doc, device, canonical", CASES, ids=[case_id(c) for c in CASES])
def test_canonical_value_writes_back_the_device_value(doc, device, canonical):
    state = model.to_device(model.from_yaml(doc), samples.factory())
    assert contains(state.settings, device)
    # ...and nothing else moves: the rest is the device's own.
    untouched = {k: v for k, v in samples.SETTINGS.items() if k not in device and k != "result"}
    assert contains(state.settings, untouched)


@pytest.mark.parametrize("make", [samples.factory, samples.configured], ids=["factory", "configured"])
def test_device_to_canonical_to_device_gives_the_device_back(make):
    snap = make()
    state = model.to_device(model.from_device(snap), snap)
    expected = {k: v for k, v in snap.settings.items() if k != "result"}
    assert contains(state.settings, expected) and contains(expected, state.settings)
    assert [u["id"] for u in state.users] == [u["id"] for u in snap.users]
    assert state.softap_enabled == bool(snap.status["cur-status"] & 0x40)
    assert state.cloud == [item for item in snap.cloud["status"] if item["is-cloud-set"]]
    assert {k: state.edid[k] for k in ("smart-edid", "keep-last", "add-audio", "limit-pixel-clock", "data")} == \
        {k: snap.edid[k] for k in ("smart-edid", "keep-last", "add-audio", "limit-pixel-clock", "data")}

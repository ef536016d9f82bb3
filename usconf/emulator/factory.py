"""What a factory-new device holds, in the shapes of the reference's samples."""
from usconf.copies import plain_copy
from usconf.spec.capabilities import default_info
from usconf.spec.edid import DEFAULT_EDID_B64

DEFAULT_IMAGES = ("default0", "default1")


def serial_for(model, index):
    """Serial number of the index-th emulated device: the sample's serial with a running number."""
    base = default_info(model)["product"]["sn"]
    return f"{base[:9]}{(int(base[9:]) + index) % 10000:04d}"


# The emulator runs a firmware that has every method of the reference (the newest marks
# are "Added in V1.5"); the reference's own sample says 1.2.122.
FIRMWARE = "1.5.122"


def info(model, serial, firmware=None):
    body = default_info(model)
    body["product"]["sn"] = serial
    body["product"]["firmware-ver-s"] = firmware or FIRMWARE
    # MAC addresses follow the serial so devices of one run never share one.
    n = int(serial[-4:])
    body["mac-addr"] = {k: f"70:b3:d5:{n >> 8 & 0xff:02x}:{n & 0xff:02x}:{i:02x}"
                        for i, k in enumerate(("eth", "wifi", "blue"))}
    return body


def device_settings(serial, name=None):
    """What a device fresh from the factory holds: get-settings plus the state it does not show
    (status.settings_view hides it again)."""
    out = settings(serial, name)
    out.update({"is-startup-rec": 0, "is-startup-live": 0})
    out["rec-control"]["file-name-mode"] = 0
    return out


def settings(serial, name=None):
    """The get-settings body (without result) of a device fresh from the factory, keys as the reference's sample."""
    return {
        "name": name or f"Ultra Stream {serial}",
        "passwd": 0,
        "is-settings": 1,
        "is-ssdp": 1,
        "is-signal-lost": 0,
        "is-hdmi-rec-ctrl": 0,
        "is-auto-send-file": 0,
        "is-auto-rec": 0,
        "is-low-latency": 0,
        "is-auto-live": 0,
        "is-check-update": 1,
        "audio-sync-offset": 0,
        "enable-key-reset": 1,
        "enable-key-reboot": 1,
        "softap": {"is-softap": 1, "is-visible": 1, "softap-ssid": serial, "softap-passwd": serial[-8:]},
        "date-time": {"timezone": "UTC", "is-auto": 1},
        "rec-control": {"mime-type": 0, "usb-option": 1, "sd-option": 1, "root-folder": "REC_Folder",
                        "file-prefix": "VID", "time-unit": 5},
        "video-color": {"contrast": 100, "brightness": 0, "saturation": 100, "hue": 0},
        "volume": {"is-mic": 1, "mic-gain": 0, "is-spi": 1, "spi-gain": 0, "is-phone": 1, "phone-gain": 0},
        "rec-stream": 0,
        "live-stream": 0,
        "mws-stream": 1,
        "main-stream": {"is-auto": 0, "codec": 0, "cx": 1920, "cy": 1080, "duration": 166667, "kbps": 4096,
                        "gop": 1, "fourcc": 0, "profile": 2, "cbrstat": 60, "fullrange": 0},
        "sub-stream": {"cx": 1024, "cy": 768, "duration": 333333, "kbps": 1024, "gop": 1, "fourcc": 0,
                       "profile": 2, "cbrstat": 60, "fullrange": 1},
        "audio": {"sample-rate": 48000, "channels": 2, "kbps": 128},
        "eth": {"is-dhcp": 1, "ip": "", "mask": "", "router": "", "dns": ""},
        "wifi": {"is-dhcp": 1, "ip": "", "mask": "", "router": "", "dns": ""},
        "stream-server": [],
        "send-file-cloud": [],
        "video-input-format": {"is-color-fmt": 0, "color-fmt": 1, "is-quant-range": 0, "quant-range": 1},
        "video-output-format": {"is-color-fmt": 0, "color-fmt": 3, "is-quant-range": 0, "quant-range": 2,
                                "is-sat-range": 0, "sat-range": 2},
        "use-nosignal-file": 1,
        "nosignal-files": [
            {"id": i, "is-use": int(i == 1), "is-edit": 0, "file-path": f"/no-signal/{n}.jpg", "time": 0}
            for i, n in enumerate(DEFAULT_IMAGES)
        ],
    }


def edid_config():
    return {"smart-edid": 1, "keep-last": 0, "add-audio": 1, "limit-pixel-clock": 1, "data": DEFAULT_EDID_B64}


def cloud_slot(slot):
    return {"cloud-code": "", "cloud-date": 0, "cloud-enable-https": 0, "cloud-http-port": 80,
            "cloud-https-port": 443, "cloud-ip-addr": "", "cloud-reg-status": 27, "cloud-status": 36,
            "id": slot, "is-cloud-set": 0}


def cloud():
    return [cloud_slot(0), cloud_slot(1)]


def usb():
    return {"disk-status": 1, "total-size": 61638148096, "used-size": 3559489536, "free-size": 57944440832,
            "block-size": 32768, "usage": 6, "sys-path": "/dev/sda1", "fs-type": "vfat",
            "mount-path": "/usr/share/web-data/media/disk0", "fs-label": "C472-731D", "write-bps": 0,
            "read-bps": 0, "free-sec": 208038, "file-count": 0, "beign-time": "", "end-time": "",
            "total-cache-time": 0}


def sd():
    return {"disk-status": 1, "total-size": 31895175168, "used-size": 3708043264, "free-size": 24997614388,
            "block-size": 16384, "usage": 12, "sys-path": "/dev/mmcblk1p1", "fs-type": "vfat",
            "mount-path": "/usr/share/web-data/media/disk1", "fs-label": "9C30-9CB8", "write-bps": 0,
            "read-bps": 0, "free-sec": 89749, "file-count": 0, "beign-time": "", "end-time": "",
            "total-cache-time": 0}


def fresh(value):
    return plain_copy(value)

"""Put an emulated device in a state that uses every section, through its own API."""
import hashlib
import struct

YT_KEY = "yt-secret-key-4711"
BACKUP_KEY = "backup-secret-key-0815"
RTMP_PASSWORD = "rtmp-auth-pass-77"
FTP_PASSWORD = "ftp-pass-secret-99"
DRIVE_TOKEN = "drive-access-token-123"
DRIVE_REFRESH = "drive-refresh-token-456"
AP_PASSWORD = "ap-pass-31337"
SECRETS = (YT_KEY, BACKUP_KEY, RTMP_PASSWORD, FTP_PASSWORD, DRIVE_TOKEN, DRIVE_REFRESH, AP_PASSWORD)


def tiny_jpeg(width=640, height=360):
    """The smallest bytes the device takes for a JPEG: SOI, a baseline SOF with the size, EOI."""
    sof = b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x01\x11\x00" * 3
    return b"\xff\xd8" + sof + b"\xff\xd9"


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


CALLS = [
    ("set-first-over", {"name": "Studio A Encoder", "enable-passwd": "1", "passwd": md5("1234"),
                        "timezone": "UTC", "is-auto": "1", "time": ""}),
    ("set-app-settings", {"is-settings": "0"}),
    ("set-ssdp", {"is-ssdp": "0"}),
    ("set-signal-lost-ctrl", {"is-signal-lost": "1"}),
    ("set-enable-key-reset", {"enable-key-reset": "0"}),
    ("set-enable-check-update", {"is-check-update": "0"}),
    ("set-date-time", {"timezone": "Europe/Berlin", "is-auto": "1", "time": ""}),
    ("set-video", {"stream": "0", "is-auto": "0", "cx": "1920", "cy": "1080", "duration": "166833", "kbps": "3072",
                   "gop": "2", "fourcc": "0", "codec": "0", "profile": "2", "cbrstat": "10", "fullrange": "1"}),
    ("set-video", {"stream": "1", "is-auto": "0", "cx": "1280", "cy": "720", "duration": "333333", "kbps": "1536",
                   "gop": "5", "fourcc": "0", "codec": "0", "profile": "1", "cbrstat": "5", "fullrange": "0"}),
    ("set-video-color", {"contrast": "110", "brightness": "5", "saturation": "90", "hue": "-3"}),
    ("set-video-input-format", {"is-color-fmt": "1", "color-fmt": "3", "is-quant-range": "0", "quant-range": "1"}),
    ("set-video-output-format", {"is-color-fmt": "1", "color-fmt": "2", "is-quant-range": "1", "quant-range": "2",
                                 "is-sat-range": "1", "sat-range": "3"}),
    ("set-stream", {"rec": "1", "live": "0", "mws": "0"}),
    ("set-audio", {"kbps": "96"}),
    ("set-sync-offset", {"audio-sync-offset": "20"}),
    ("set-volume", {"is-mic": "0", "mic-gain": "3", "is-spi": "1", "spi-gain": "0", "is-phone": "1",
                    "phone-gain": "-6"}),
    ("set-rec-control", {"usb-option": "0", "sd-option": "2", "mime-type": "1", "root-folder": "Studio/A",
                         "file-name-mode": "0", "file-prefix": "STUDIO_A", "time-unit": "30"}),
    ("set-auto-rec", {"is-auto-rec": "1"}),
    ("set-low-latency-live", {"is-low-latency": "1"}),
    ("add-server", {"type": "2", "name": "YouTube Main", "key": YT_KEY, "net-mode": "1"}),
    ("add-server", {"type": "0", "name": "Backup RTMP", "url": "rtmp://backup.example.net/live", "key": BACKUP_KEY,
                    "is-auth": "1", "user": "enc", "passwd": RTMP_PASSWORD, "net-mode": "2", "event-data": "ev"}),
    ("add-server", {"type": "100", "name": "Room RTSP", "port": "8554", "is-main": "1",
                    "main-stream-name": "room", "is-sub": "0", "is-audio": "0"}),
    ("enable-server", {"id": "0", "is-use": "1"}),
    ("send-file-set-is-auto", {"is-auto": "1"}),
    ("send-file-add-server", {"type": "0", "net-mode": "1", "proto": "1", "url": "archive.example.net",
                              "port": "22", "dir-name": "/encoders/a", "encryption": "0", "login-type": "1",
                              "user-name": "encoder", "passwd": FTP_PASSWORD, "mode": "1"}),
    ("send-file-add-server", {"type": "1", "net-mode": "2", "account-id": "g-account-1", "user-name": "Ops Team",
                              "access-token": DRIVE_TOKEN, "refresh-token": DRIVE_REFRESH, "dir-name": "encoders",
                              "parents": "root-folder-id"}),
    ("add-user", {"id": "ops", "pass": md5("ops-password")}),
    ("set-net", {"type": "0", "is-dhcp": "0", "ip": "192.168.8.20", "mask": "255.255.255.0",
                 "router": "192.168.8.1", "dns": "192.168.8.1"}),
    ("set-softap", {"is-softap": "1", "is-visible": "1", "softap-ssid": "C301181214002",
                    "softap-passwd": AP_PASSWORD}),
    ("set-edid-config", {"smart-edid": "0", "keep-last": "1", "add-audio": "0", "limit-pixel-clock": "1"}),
    ("use-nosignal-file", {"use-nosignal-file": "1"}),
]


def configure(backend):
    """Every section in use; returns nothing, raises if the device refuses a call."""
    for method, params in CALLS:
        answer = backend.handle(method, params, None, None, None)
        assert answer["result"] >= 0, (method, answer)
    answer = backend.handle("add-nosignal-file", {}, None, {"file": ("slate.jpg", tiny_jpeg())}, None)
    assert answer["result"] == 0, answer
    image = answer["id"]
    assert backend.handle("set-nosignal-file", {"id": str(image)}, None, None, None)["result"] == 0
    assert backend.handle("cloud-reg-ex", {"id": "1", "cloud-code": "4711", "cloud-ip-addr": "10.0.1.32",
                                           "cloud-http-port": "8080", "cloud-enable-https": "1",
                                           "cloud-https-port": "8443"}, None, None, None)["result"] >= 0
    assert backend.handle("open-softap", {}, None, None, None)["result"] >= 0

"""Device bodies for model tests, in the shapes of the API reference's samples."""
import copy

from usconf.model import Snapshot

EDID_B64 = ("AP///////wA09wEAAQAAAAEaAQOAAAB4Au6Vo1RMmSYPUFT//4AxQEVAYUBxQIGA0QDhwAEACOgAMPJwWoCwWIoAUB10AAAe"
            "AjqAGHE4LUBYLEUAUB10AAAeAAAA/QAPlg+HPAAAAAAAAAAAAAAA/ABNQUdFV0VMTAogICAgAWYCA1HxV2EQHwQTBRQgISJd")

SETTINGS = {
    "result": 0,
    "name": "Ultra Stream C301191111100", "passwd": 0, "is-settings": 1, "is-ssdp": 1,
    "is-signal-lost": 0, "is-hdmi-rec-ctrl": 0,
    "is-auto-send-file": 0, "is-auto-rec": 0, "is-low-latency": 0, "is-auto-live": 0, "is-check-update": 1,
    "audio-sync-offset": 0, "enable-key-reset": 1, "enable-key-reboot": 1,
    "softap": {"is-softap": 1, "is-visible": 1, "softap-ssid": "C301181214002", "softap-passwd": "81214002"},
    "date-time": {"timezone": "UTC", "is-auto": 1},
    "rec-control": {"mime-type": 0, "usb-option": 1, "sd-option": 1, "root-folder": "REC_Folder",
                    "file-prefix": "VID", "time-unit": 5},
    "video-color": {"contrast": 100, "brightness": 0, "saturation": 100, "hue": 0},
    "volume": {"is-mic": 1, "mic-gain": 0, "is-spi": 1, "spi-gain": 0, "is-phone": 1, "phone-gain": 0},
    "rec-stream": 0, "live-stream": 0, "mws-stream": 1,
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
        {"id": 0, "is-use": 0, "is-edit": 0, "file-path": "/no-signal/default0.jpg", "time": 0},
        {"id": 1, "is-use": 1, "is-edit": 0, "file-path": "/no-signal/default1.jpg", "time": 0},
    ],
}

YOUTUBE = {"id": 0, "type": 2, "name": "YouTube Main", "url": "", "key": "yt-key-1", "is-auth": 0, "user": "",
           "passwd": "", "is-use": 1, "token": "", "event-data": "", "net-mode": 1}
BACKUP = {"id": 3, "type": 0, "name": "Backup RTMP", "url": "rtmp://backup.example.net/live", "key": "bk-key",
          "is-auth": 1, "user": "enc", "passwd": "rtmp-pass", "is-use": 0, "token": "tok-9", "event-data": "ev1",
          "net-mode": 2}
RTSP = {"id": 5, "type": 100, "name": "Room RTSP", "url": "", "key": "", "is-auth": 0, "user": "", "passwd": "",
        "is-use": 0, "token": "", "event-data": "", "net-mode": 1, "port": 8554, "is-main": 1,
        "main-stream-name": "room", "is-sub": 0, "sub-stream-name": "sub", "is-audio": 0}
FTP = {"id": 0, "is-use": 1, "type": 0, "net-mode": 1, "proto": 1, "url": "archive.example.net", "port": 22,
       "dir-name": "/encoders/a", "encryption": 0, "login-type": 1, "user-name": "encoder", "passwd": "ftp-pass",
       "mode": 1}
DROPBOX = {"id": 1, "is-use": 0, "type": 2, "net-mode": 2, "account-id": "dbid:AABnr7", "photo-path": "",
           "user-name": "qin qiu", "access-token": "acc-1", "refresh-token": "ref-1", "dir-name": "()"}
LOGO = {"id": 2, "is-use": 0, "is-edit": 1, "file-path": "/no-signal/logo.jpg", "time": 0}

CLOUD = [
    {"cloud-code": "", "cloud-date": 0, "cloud-enable-https": 0, "cloud-http-port": 80, "cloud-https-port": 443,
     "cloud-ip-addr": "10.0.1.32", "cloud-reg-status": 101, "cloud-status": 35, "id": 0, "is-cloud-set": 1},
    {"cloud-code": "", "cloud-date": 0, "cloud-enable-https": 0, "cloud-http-port": 80, "cloud-https-port": 443,
     "cloud-ip-addr": "", "cloud-reg-status": 27, "cloud-status": 36, "id": 1, "is-cloud-set": 0},
]


def factory():
    """A factory-new HDMI unit."""
    return Snapshot(info={}, status={"cur-status": 0x10010}, settings=copy.deepcopy(SETTINGS),
                    users={"result": 0, "users": [{"id": "Admin", "type": 1}]},
                    edid={"result": 0, "smart-edid": 1, "keep-last": 0, "add-audio": 1, "limit-pixel-clock": 1,
                          "data": EDID_B64},
                    cloud={"result": 0, "status": copy.deepcopy(CLOUD)})


def configured():
    """A unit with every section in use: several servers, uploads, users, an image, static network, AP on."""
    snap = factory()
    s = snap.settings
    s["stream-server"] = copy.deepcopy([YOUTUBE, BACKUP, RTSP])
    s["send-file-cloud"] = copy.deepcopy([FTP, DROPBOX])
    s["nosignal-files"].append(copy.deepcopy(LOGO))
    s["eth"] = {"is-dhcp": 0, "ip": "10.0.0.5", "mask": "255.255.255.0", "router": "10.0.0.1", "dns": "10.0.0.2"}
    s["passwd"] = 1
    s["main-stream"].update(codec=0, duration=166833, kbps=3072, gop=2, profile=1, cbrstat=10, fullrange=1)
    s["video-input-format"].update({"is-color-fmt": 1, "color-fmt": 4})
    s["video-output-format"].update({"is-sat-range": 1, "sat-range": 3})
    s["volume"].update({"is-phone": 0, "phone-gain": -6.5})
    s["rec-control"].update({"sd-option": 2, "mime-type": 1, "time-unit": 30})
    snap.users = [{"id": "Admin", "type": 1}, {"id": "ops", "type": 2}]
    snap.status["cur-status"] |= 0x40
    return snap

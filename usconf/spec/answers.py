"""The shapes of the device's read answers (get-info, get-status, get-settings), as the reference's
samples give them: what kind each field is. A device's answer is checked against them before the
model reads it (usconf.model.snapshot), so a malformed answer is one clear error, not a crash.

Kinds: "n" a number (a numeric string too: some firmware quotes numbers), "s" a string, "l" a list,
"d" an object; a nested object gives the kinds of its fields; [object] a list of such objects.
Fields present must be of their kind. Top-level fields may be missing (firmware differ in
what they report); within a settings group or a capability table named in COMPLETE, every field
must be there: the model and the planner send those groups whole.
"""


INFO = (
    {"mac-addr": {"eth": "s", "wifi": "s", "blue": "s"}, "snapshot": "s", "product": {"sn": "s", "product-id":
    "n", "hardware-ver": "s", "firmware-id": "n", "firmware-ver-s": "s", "factory-firmware-ver-s": "s",
    "product-name": "s", "module-name": "s", "manu-name": "s", "features": "n", "max-lock-count": "n"},
    "nosignal": {"max-count": "n", "max-width": "n", "max-height": "n", "max-size-kb": "n"}, "audio-range":
    {"hdmi": "d", "mic": "d", "phone": "d"}, "codec-cap": {"resolutions": "l", "durations": "l", "profile": "l",
    "hevc-profile": "l", "video-kbps": "l", "audio-kbps": "l", "gop-sec": "l", "video-range": "l", "stat-sec":
    "l", "video-codec": "l"}, "rec-control": {"usb-option": "l", "sd-option": "l", "time-unit": "l", "file-ext":
    "l"}, "color-range": {"contrast": "d", "brightness": "d", "saturation": "d", "hue": "d"}, "video-format":
    {"input-color-fmt": "l", "output-color-fmt": "l", "quant-range": "l", "sat-range": "l"}, "send-file":
    {"server": "l", "ftp-proto": "l", "ftp-encryption": "l", "ftp-transfer-mode": "l"}}
)

STATUS = (
    {"cur-status": "n", "last-rec-status": "n", "cur-time": "s", "box-name": "s", "lock-user": "l",
    "rec-status": {"run-ms": "n", "cur-bps": "n", "avg-bps": "n", "client-id": "s"}, "live-status": {"run-ms":
    "n", "cur-bps": "n", "avg-bps": "n", "net": "n", "result2": "n", "cur-bps2": "n", "net2": "n", "client-id":
    "s"}, "upgrade-status": {"step": "n", "percent": "n", "client-id": "s", "mode": "s"}, "format-status":
    {"percent": "n", "client-id": "s"}, "disk-test": {"read-bps": "n", "write-bps": "n", "percent": "n",
    "client-id": "s"}, "living-test": {"upload-bps": "n", "percent": "n", "net": "n", "client-id": "s"},
    "check-upgrade": {"client-id": "s"}, "send-file": {"total-count-ongoing": "n", "total-count-done": "n",
    "disk-type": "n", "name": "s", "message": "s", "left-time": "n", "percent": "n"}, "send-file-test":
    {"client-id": "s", "id": "n"}, "input-signal": {"status": "n", "cx": "n", "cy": "n", "interlaced": "n",
    "frame-rate": "n", "channel-valid": "n", "is-lpcm": "n", "bits-per-sample": "n", "sample-rate": "n"}, "usb":
    {"disk-status": "n", "total-size": "n", "used-size": "n", "free-size": "n", "block-size": "n", "usage": "n",
    "sys-path": "s", "fs-type": "s", "mount-path": "s", "fs-label": "s", "write-bps": "n", "read-bps": "n",
    "free-sec": "n", "file-count": "n", "beign-time": "s", "end-time": "s", "total-cache-time": "n"}, "sd":
    {"disk-status": "n", "total-size": "n", "used-size": "n", "free-size": "n", "block-size": "n", "usage": "n",
    "sys-path": "s", "fs-type": "s", "mount-path": "s", "fs-label": "s", "write-bps": "n", "read-bps": "n",
    "free-sec": "n", "file-count": "n", "beign-time": "s", "end-time": "s", "total-cache-time": "n"}, "wifi":
    {"name": "s", "level": "n", "ip": "s", "mask": "s", "router": "s", "dns": "s"}, "eth": {"ip": "s", "mask":
    "s", "router": "s", "dns": "s"}, "mobile": {"ip": "s", "mask": "s", "router": "s", "dns": "s"}, "upgrade":
    {"ver": "s", "date": "s", "size-byte": "n", "info": "l"}, "downgrade": {"ver": "s", "date": "s",
    "size-byte": "n", "info": "l"}, "sysstat": {"cpu": "n", "cpu-usage": "n", "eth-rx": "n", "eth-tx": "n",
    "mem-free": "n", "mem-total": "n", "mobile-rx": "n", "mobile-tx": "n", "sd-rd": "n", "sd-wr": "n", "uptime":
    "n", "usb-rd": "n", "usb-wr": "n", "wlan-rx": "n", "wlan-tx": "n"}}
)

SETTINGS = (
    {"name": "s", "passwd": "n", "is-settings": "n", "is-ssdp": "n", "is-startup-rec": "n", "is-startup-live":
    "n", "is-signal-lost": "n", "is-hdmi-rec-ctrl": "n", "is-auto-send-file": "n", "is-auto-rec": "n",
    "is-low-latency": "n", "is-auto-live": "n", "is-check-update": "n", "audio-sync-offset": "n",
    "enable-key-reset": "n", "enable-key-reboot": "n", "softap": {"is-softap": "n", "is-visible": "n",
    "softap-ssid": "s", "softap-passwd": "s"}, "date-time": {"timezone": "s", "is-auto": "n"}, "rec-control":
    {"mime-type": "n", "usb-option": "n", "sd-option": "n", "root-folder": "s", "file-prefix": "s",
    "file-name-mode": "n", "time-unit": "n"}, "video-color": {"contrast": "n", "brightness": "n", "saturation":
    "n", "hue": "n"}, "volume": {"is-mic": "n", "mic-gain": "n", "is-spi": "n", "spi-gain": "n", "is-phone":
    "n", "phone-gain": "n"}, "rec-stream": "n", "live-stream": "n", "mws-stream": "n", "main-stream":
    {"is-auto": "n", "codec": "n", "cx": "n", "cy": "n", "duration": "n", "kbps": "n", "gop": "n", "fourcc":
    "n", "profile": "n", "cbrstat": "n", "fullrange": "n"}, "sub-stream": {"cx": "n", "cy": "n", "duration":
    "n", "kbps": "n", "gop": "n", "fourcc": "n", "profile": "n", "cbrstat": "n", "fullrange": "n"}, "audio":
    {"sample-rate": "n", "channels": "n", "kbps": "n"}, "eth": {"is-dhcp": "n", "ip": "s", "mask": "s",
    "router": "s", "dns": "s"}, "wifi": {"is-dhcp": "n", "ip": "s", "mask": "s", "router": "s", "dns": "s"},
    "stream-server": "l", "send-file-cloud": "l", "video-input-format": {"is-color-fmt": "n", "color-fmt": "n",
    "is-quant-range": "n", "quant-range": "n"}, "video-output-format": {"is-color-fmt": "n", "color-fmt": "n",
    "is-quant-range": "n", "quant-range": "n", "is-sat-range": "n", "sat-range": "n"}, "use-nosignal-file": "n",
    "nosignal-files": [{"id": "n", "is-use": "n", "is-edit": "n", "file-path": "s", "time": "n"}]}
)

# The fields each of these objects must have (get-settings groups; get-info's capability tables).
REQUIRED = {'get-settings': {'date-time': ('timezone', 'is-auto'),
                  'rec-control': ('mime-type', 'usb-option', 'sd-option', 'root-folder', 'file-prefix',
                                  'time-unit'),
                  'video-color': ('contrast', 'brightness', 'saturation', 'hue'),
                  'volume': ('is-mic', 'mic-gain', 'is-spi', 'spi-gain', 'is-phone', 'phone-gain'),
                  'main-stream': ('is-auto', 'codec', 'cx', 'cy', 'duration', 'kbps', 'gop', 'fourcc',
                                  'profile', 'cbrstat', 'fullrange'),
                  'sub-stream': ('cx', 'cy', 'duration', 'kbps', 'gop', 'fourcc', 'profile', 'cbrstat',
                                 'fullrange'),
                  'audio': ('sample-rate', 'channels', 'kbps'),
                  'eth': ('is-dhcp', 'ip', 'mask', 'router', 'dns'),
                  'wifi': ('is-dhcp', 'ip', 'mask', 'router', 'dns'),
                  'video-input-format': ('is-color-fmt', 'color-fmt', 'is-quant-range', 'quant-range'),
                  'video-output-format': ('is-color-fmt', 'color-fmt', 'is-quant-range', 'quant-range',
                                          'is-sat-range', 'sat-range')},
 'get-info': {'codec-cap': ('resolutions', 'durations', 'profile', 'hevc-profile', 'video-kbps', 'audio-kbps',
                            'gop-sec', 'video-range', 'stat-sec', 'video-codec'),
              'rec-control': ('usb-option', 'sd-option', 'time-unit', 'file-ext')}}

EDID = {"smart-edid": "n", "keep-last": "n", "add-audio": "n", "limit-pixel-clock": "n", "data": "s"}
CLOUD = {"status": [{"cloud-code": "s", "cloud-date": "n", "cloud-enable-https": "n", "cloud-http-port": "n",
                     "cloud-https-port": "n", "cloud-ip-addr": "s", "cloud-reg-status": "n", "cloud-status": "n",
                     "id": "n", "is-cloud-set": "n"}]}

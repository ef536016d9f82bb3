"""Talking to an emulated device the way a client does: requests, cookies, MD5 passwords."""
import hashlib

import requests


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class Api:
    def __init__(self, url, cloud_url=None):
        self.url, self.cloud_url = url, cloud_url
        self.http = requests.Session()

    def call(self, method, **params):
        params = {k.replace("_", "-"): v for k, v in params.items()}
        answer = self.http.get(f"{self.url}/usapi", params={"method": method, **params}, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def result(self, method, **params):
        return self.call(method, **params)["result"]

    def cloud(self, method, **params):
        params = {k.replace("_", "-"): v for k, v in params.items()}
        answer = self.http.get(f"{self.cloud_url}/cloud-api", params={"method": method, **params}, timeout=10)
        return answer.json()

    def post(self, method, data=None, files=None, json=None, headers=None):
        answer = self.http.post(f"{self.url}/usapi", params={"method": method}, data=data, files=files,
                                json=json, headers=headers, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def login(self, user="Admin", password="Admin"):
        return self.result("login", id=user, **{"pass": md5(password)})


def logged_in(emu, user="Admin", password="Admin"):
    api = Api(emu.url, emu.cloud_url)
    assert api.login(user, password) == 0
    return api


class FakeClock:
    """A clock the test moves by hand: emulated jobs progress only when told."""

    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def rtmp(name, url="rtmp://a.example/live", key="k1", **extra):
    return dict({"type": "0", "name": name, "url": url, "key": key}, **extra)


def platform(kind, name, key):
    return {"type": str(kind), "name": name, "key": key}


def rtsp(name, port="554", **extra):
    return dict({"type": "100", "name": name, "port": port, "is-main": "1", "main-stream-name": "main"}, **extra)


def ftp(url="ftp.example", **extra):
    return dict({"type": "0", "proto": "0", "url": url, "port": "21", "dir-name": "rec", "login-type": "1",
                 "user-name": "u", "passwd": "p", "mode": "1"}, **extra)


VIDEO_1080 = {"stream": "0", "is-auto": "0", "codec": "0", "cx": "1920", "cy": "1080", "duration": "166667",
              "kbps": "4096", "gop": "1", "profile": "2", "cbrstat": "60", "fullrange": "0"}


def video(**changes):
    return dict(VIDEO_1080, **{k: str(v) for k, v in changes.items()})


def jpeg(width, height, pad=0):
    """A minimal JPEG: SOI, `pad` bytes of comment segments, a baseline SOF0 with the size, EOI."""
    import struct
    out = bytearray(b"\xff\xd8")
    while pad > 0:
        chunk = min(pad, 65000)
        out += b"\xff\xfe" + struct.pack(">H", chunk + 2) + b"c" * chunk
        pad -= chunk
    out += b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + bytes([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    out += b"\xff\xd9"
    return bytes(out)


def edid_bytes(blocks=1, break_checksum=False):
    """An EDID with valid header and checksums (blocks-1 extension blocks announced)."""
    data = bytearray()
    for n in range(blocks):
        block = bytearray(128)
        if n == 0:
            block[:8] = b"\x00\xff\xff\xff\xff\xff\xff\x00"
            block[8:10] = b"\x34\xf7"
            block[126] = blocks - 1
        else:
            block[0] = 0x02
        block[127] = (-sum(block[:127])) % 256
        data += block
    if break_checksum:
        data[20] ^= 0xFF
    return bytes(data)

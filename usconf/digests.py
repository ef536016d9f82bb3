"""MD5, SHA-256 and HMAC-SHA256 from the digests CPython builds in, without OpenSSL.

`hashlib` (and `hmac`, which imports it) loads OpenSSL's libcrypto: about 3 ms of every
`usconf plan`, for the login's MD5 of a password, the SHA-256 of the source file and of
the sections read, and one HMAC per secret. CPython's own modules (_md5, _sha256, or
_sha2 from 3.12 on) give the same digests; hashlib itself falls back to them when
OpenSSL lacks one. A build without them gets hashlib's.

    md5_hex("Admin")                 -> "e3afed0047b08059d0fada10f400c1e5"
    sha256_hex(b"...")               -> 64 hex digits
    hmac_sha256_hex(key, b"...")     -> what hmac.new(key, msg, hashlib.sha256).hexdigest() gives
"""
try:
    from _md5 import md5
except ImportError:  # pragma: no cover -- a build without the builtin digests
    from hashlib import md5
# _sha2 from Python 3.12 on, _sha256 before
try:
    from _sha2 import sha256
except ImportError:
    try:
        from _sha256 import sha256
    except ImportError:  # pragma: no cover
        from hashlib import sha256

__all__ = ["md5_hex", "sha256_hex", "hmac_sha256_hex"]

_BLOCK = 64     # SHA-256's block size in bytes (RFC 2104's B)
_INNER = bytes(b ^ 0x36 for b in range(256))
_OUTER = bytes(b ^ 0x5C for b in range(256))


def _bytes(data):
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def md5_hex(data):
    """Lowercase hex MD5 of `data` (str as UTF-8, or bytes): the device's password form."""
    return md5(_bytes(data)).hexdigest()


def sha256_hex(data):
    return sha256(_bytes(data)).hexdigest()


def hmac_sha256_hex(key, data):
    """HMAC-SHA256 (RFC 2104) of `data` under `key` (bytes), in hex."""
    if len(key) > _BLOCK:
        key = sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = sha256(key.translate(_INNER) + _bytes(data)).digest()
    return sha256(key.translate(_OUTER) + inner).hexdigest()

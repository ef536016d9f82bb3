"""usconf.digests gives the digests hashlib and hmac give: the login's MD5, the plan's SHA-256s, the HMACs
a saved plan keeps of its secrets. A wrong one would lock a user out of the device (MD5) or make every
saved plan look stale or, worse, let a changed secret through (HMAC)."""
import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from usconf import digests
from usconf.client.methods import md5_secret

TEXT = st.text(max_size=200)
BYTES = st.binary(max_size=300)


def test_the_factory_password_logs_in_as_the_reference_says():
    # the reference's login example: pass is the lowercase hex MD5 of "Admin"
    assert md5_secret("Admin").reveal() == "e3afed0047b08059d0fada10f400c1e5"


@given(TEXT)
def test_md5_of_text_is_hashlibs_of_its_utf8(text):
    assert digests.md5_hex(text) == hashlib.md5(text.encode("utf-8")).hexdigest()


@given(st.one_of(TEXT, BYTES))
def test_sha256_is_hashlibs(data):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    assert digests.sha256_hex(data) == hashlib.sha256(raw).hexdigest()


# keys up to 200 bytes: shorter than SHA-256's 64-byte block, equal to it, and longer (hashed first)
@given(st.binary(min_size=0, max_size=200), st.one_of(TEXT, BYTES))
def test_hmac_sha256_is_the_hmac_modules(key, data):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    assert digests.hmac_sha256_hex(key, data) == hmac.new(key, raw, hashlib.sha256).hexdigest()


def test_block_sized_keys_are_used_as_they_are():
    for size in (63, 64, 65):
        key = bytes(range(size))
        assert digests.hmac_sha256_hex(key, b"m") == hmac.new(key, b"m", hashlib.sha256).hexdigest()

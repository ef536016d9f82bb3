"""usconf.urls gives what urllib.parse gives: the same percent-encoding, the same URL parts, the same refusals.

usconf.urls exists so that `usconf plan` and `validate` need not load urllib.parse (about 2 ms a start);
these properties hold it to urllib.parse on arbitrary text and on generated device URLs, valid and not,
and check the users of both: the query on the wire, secrets' masking forms, normalise_url.
"""
import json
import urllib.parse as parse
from unittest import mock

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from usconf import secrets, urls
from usconf.client import session, transport
from usconf.client.session import cloud_base_for, normalise_url
from usconf.errors import ConnectionFailed

PROPERTY = settings(max_examples=300, deadline=None)

# The safe sets usconf passes (transport's request path; secrets' and urlencode's ""), then any.
PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"
SAFE_SETS = st.one_of(st.sampled_from(["", "/", PATH_SAFE, " "]), st.text(max_size=8))

# urlsplit's checks differ between Python releases: 3.11.4 added the check that a bracketed host is an
# IPv6 or IPvFuture address, later releases also refuse text around the brackets, older ones took a
# port with a sign or non-ASCII digits, and before 3.11 a scheme could start with a digit. usconf.urls
# does what Python 3.11.7 (this project's virtualenv) does; on an interpreter that judges such URLs
# otherwise they are left out of the comparison.
BRACKETS_AS_HERE = hasattr(parse, "_check_bracketed_host") and not hasattr(parse, "_check_bracketed_netloc")


def _ports_as_here():
    try:
        parse.urlsplit("http://h:+1").port  # noqa: B018
    except ValueError:
        return True
    return False


PORTS_AS_HERE = _ports_as_here()
SCHEMES_AS_HERE = parse.urlsplit("0:").scheme == ""


def comparable(url):
    """Whether this interpreter's urlsplit judges `url` by the rules usconf.urls follows."""
    if not BRACKETS_AS_HERE and ("[" in url or "]" in url):
        return False
    if not SCHEMES_AS_HERE and ":" in url and not url.lstrip()[:1].isalpha():
        return False
    if not PORTS_AS_HERE:
        try:
            port = urls.urlsplit(url)._hostinfo()[1]
        except ValueError:
            return True
        return port is None or (port.isascii() and port.isdigit())
    return True


def outcome(split, url):
    """The parts of `url` (or the ValueError) as `split` gives them, port last (it can fail on its own)."""
    try:
        parts = split(url)
    except ValueError as exc:
        return ("refused", str(exc))
    try:
        port = parts.port
    except ValueError as exc:
        port = ("refused", str(exc))
    return (parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment, parts.hostname, port)


# --- percent-encoding ---------------------------------------------------------------------------------

@PROPERTY
@given(st.text(), SAFE_SETS)
@example("", "")
@example("Hangar Seven\té/ü?#%+~", PATH_SAFE)
@example("\U0001f600 \x00\x7f\x80", "é/")          # a non-ASCII safe character is ignored, as urllib.parse does
def test_quote_and_quote_plus_are_urllib_parse_s(text, safe):
    assert urls.quote(text, safe) == parse.quote(text, safe)
    assert urls.quote_plus(text, safe) == parse.quote_plus(text, safe)


@PROPERTY
@given(st.text())
def test_the_default_safe_sets_are_urllib_parse_s(text):
    assert urls.quote(text) == parse.quote(text)
    assert urls.quote_plus(text) == parse.quote_plus(text)


def test_text_utf_8_cannot_encode_is_refused_alike():
    for quote in (urls.quote, parse.quote, urls.quote_plus, parse.quote_plus):
        with pytest.raises(UnicodeEncodeError):
            quote("key-\udcff")


values = st.one_of(st.text(), st.integers(), st.booleans())


@PROPERTY
@given(st.lists(st.tuples(st.text(), values), max_size=6))
@example([("method", "set-name"), ("name", "a b&c=d+é"), ("id", 3)])
def test_urlencode_is_urllib_parse_s(pairs):
    assert urls.urlencode(pairs) == parse.urlencode(pairs)


@PROPERTY
@given(st.text(min_size=1).map(lambda s: "/" + s), st.text(min_size=1),
       st.dictionaries(st.text(), st.one_of(values, st.none()), max_size=5))
def test_the_request_target_is_byte_for_byte_what_urllib_parse_made(path, method, params):
    """transport._request's path and query, as they were built with urllib.parse (and requests before it)."""
    target = transport._request(path, method, params, None, None)[1]
    query = [("method", method)] + [(k, transport.methods.encode(v)) for k, v in params.items() if v is not None]
    quoted = parse.quote(path, safe=PATH_SAFE)
    assert target == quoted + "?" + parse.urlencode(query)
    # and the emulator, which reads queries with urllib.parse, reads back what was sent
    assert parse.parse_qsl(target[len(quoted) + 1:], keep_blank_values=True) == query


@PROPERTY
@given(st.text(min_size=secrets.MIN_SCRUBBED))
@example("k=1&x y/é")
def test_secrets_masks_the_forms_urllib_parse_gave(value):
    forms = (json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1], repr(value)[1:-1],
             parse.quote(value, safe=""), parse.quote_plus(value, safe=""))
    assert list(secrets._forms(value)) == [value] + [f for f in dict.fromkeys(forms) if f != value]


# --- splitting URLs -----------------------------------------------------------------------------------

label = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?", fullmatch=True)
names = st.lists(label, min_size=1, max_size=3).map(".".join)
ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(lambda a: a.exploded if a.packed[0] % 2 else str(a))
zones = st.sampled_from(["", "%eth0", "%25en0", "%", "%a%b", "%tESt"])
# in brackets: IPv6 (with zones, upper case), IPvFuture, and what is no address at all
bracketed = st.one_of(
    st.builds(lambda a, z, up: "[" + (a.upper() if up else a) + z + "]", ipv6, zones, st.booleans()),
    st.builds(lambda a: f"[::ffff:{a}]", ipv4),
    st.sampled_from(["[v1.x]", "[vA.b:c]", "[v.x]", "[v1.]", "[vg.x]", "[127.0.0.1]", "[::1", "::1]", "[]",
                     "[1:2:3:4:5:6:7:8:9]", "[::1::]", "[12345::]", "[::1.2.3]", "[::01.2.3.4]", "[:1::]",
                     "[host]", "a[::1]", "[::1]b", "[::1][::2]", "[::ｆ]"]),
)
hosts = st.one_of(names, ipv4, bracketed, st.sampled_from(["", "LocalHost", "ex\u2100ample", "a\uff0fb", "ß.de",
                                                           "xn--nxasmq6b", "h_st", "h~st"]))
ports = st.one_of(st.none(), st.integers(0, 65535).map(str), st.integers(65536, 10 ** 6).map(str),
                  st.sampled_from(["", "-1", "+80", " 80", "8O", "٨٠", "0x50", "00080", "80:81"]))
userinfo = st.one_of(st.none(), st.sampled_from(["admin@", "admin:pw@", ":@", "a@b@", "u%40x@", "[x]@"]))
schemes = st.sampled_from(["http://", "https://", "HTTP://", "hTTps://", "ftp://", "", "//", "http:/", "http:",
                           "1http://", "h+t.t-p://", "ht tp://", "\x01http://", " http://"])
paths = st.one_of(st.just(""), st.sampled_from(["/", "/usapi", "/usapi/", "/a/usapi", "?q=1", "#top", "/p?q#f",
                                                "/a b", "/é", "/\t/\n"]), st.text(max_size=6).map(lambda s: "/" + s))


@st.composite
def device_urls(draw):
    port = draw(ports)
    url = (draw(schemes) + (draw(userinfo) or "") + draw(hosts) + ("" if port is None else ":" + port)
           + draw(paths))
    if draw(st.integers(0, 9)) == 0:        # something inserted anywhere: whitespace, controls, delimiters
        at = draw(st.integers(0, len(url)))
        url = url[:at] + draw(st.sampled_from([" ", "\t", "\n", "\r", "\x00", "\x0b", "\x1f", "\xa0", "\u3000",
                                               "@", ":", "[", "]", "/", "?", "#", "%"])) + url[at:]
    return url


@PROPERTY
@given(device_urls())
@example("http://[fe80::822a:a8ff:fe49:470c%tESt]:1234/keys")
@example("http://[::1]:80/usapi")
@example("http://127.0.0.1:99999")
def test_urlsplit_is_urllib_parse_s_on_device_urls(url):
    assume(comparable(url))
    assert outcome(urls.urlsplit, url) == outcome(parse.urlsplit, url)


@PROPERTY
@given(st.text(alphabet=st.sampled_from(list(":/[]@?#%.vV0123456789abcdefABCDEF xX\t\n\x01é\u2100\uff0f")),
               max_size=24))
def test_urlsplit_is_urllib_parse_s_on_any_text(url):
    assume(comparable(url))
    assert outcome(urls.urlsplit, url) == outcome(parse.urlsplit, url)


@PROPERTY
@given(st.text())
def test_urlsplit_is_urllib_parse_s_on_arbitrary_text(url):
    assume(comparable(url))
    assert outcome(urls.urlsplit, url) == outcome(parse.urlsplit, url)


def test_what_urlsplit_refuses_is_refused_too():
    for url in ["http://[::1", "http://::1]/", "http://[host]/", "http://[127.0.0.1]/", "http://[v1]/",
                "http://[1::2::3]/", "http://ex\u2100ample/", "http://a\uff0fb/"]:
        if not comparable(url):
            continue
        with pytest.raises(ValueError) as ours:
            urls.urlsplit(url)
        with pytest.raises(ValueError) as theirs:
            parse.urlsplit(url)
        assert str(ours.value) == str(theirs.value)
    for url in ["http://h:65536", "http://h:-1", "http://h:8O", "http://h:٨٠"]:
        if not comparable(url):
            continue
        with pytest.raises(ValueError) as ours:
            urls.urlsplit(url).port  # noqa: B018
        with pytest.raises(ValueError) as theirs:
            parse.urlsplit(url).port  # noqa: B018
        assert str(ours.value) == str(theirs.value)


# --- normalise_url: the same URLs taken, the same refused, in the same words -----------------------------

def normalise_url_with_urllib(url):
    """usconf.client.session.normalise_url as it was, with urllib.parse's urlsplit in place of usconf.urls'."""
    with mock.patch.object(session, "urlsplit", parse.urlsplit):
        return normalise_url(url)


def normalised(normalise, url):
    try:
        return normalise(url)
    except ConnectionFailed as exc:
        return ("refused", str(exc))


@PROPERTY
@given(st.one_of(device_urls(), device_urls().map(lambda u: u.split("://", 1)[-1])))
@example("10.0.0.5")
@example("10.0.0.5:8080/usapi")
@example("  http://[::1]/  ")
@example("http://admin:pw@host/")
def test_normalise_url_takes_and_refuses_what_it_did(url):
    text = str(url).strip()
    assume(comparable(text if "://" in text else "http://" + text))
    expected = normalised(normalise_url_with_urllib, url)
    assert normalised(normalise_url, url) == expected
    if isinstance(expected, str):
        parts = parse.urlsplit(expected)
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        assert cloud_base_for(expected, 8443) == f"{parts.scheme}://{host}:8443"

"""The HTTP sweep: `ping`, then `get-info`, on every address of a range.

For networks where multicast does not pass. `ping` needs no login, so hosts that
are not Ultra Streams are told apart before any credentials are sent; only hosts
that answer `ping` like an Ultra Stream get a login.
"""
import concurrent.futures
import dataclasses
import ipaddress

from usconf.discovery import status as status_words
from usconf.discovery.text import clean
from usconf.errors import AuthenticationFailed, UsconfError

MAX_HOSTS = 65536   # a /16 (IPv4) or /112 (IPv6); larger ranges are refused
DEFAULT_PORT = 80
DEFAULT_PARALLEL = 32
MAX_PARALLEL = 256


@dataclasses.dataclass
class Checked:
    """One host that answered `ping` as an Ultra Stream; `error` says why the rest is missing."""

    url: str
    serial: str = ""
    name: str = ""
    model: str = ""
    firmware: str = ""
    status: object = None
    error: str = ""
    via: str = "http"

    @property
    def states(self):
        return status_words.describe(self.status)

    def as_json(self):
        return {"url": self.url, "serial": self.serial, "name": self.name, "model": self.model,
                "firmware": self.firmware, "status": self.status, "states": self.states,
                "error": self.error or None, "via": self.via}


@dataclasses.dataclass
class Swept:
    found: list = dataclasses.field(default_factory=list)   # Checked, in address order
    silent: int = 0          # nothing answered (refused, timed out)
    not_ultra_stream: int = 0


def hosts(cidr):
    """The addresses of CIDR to try, in order; UsconfError for a bad or too large range."""
    try:
        net = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        raise UsconfError(f"bad --scan range {cidr!r}: expected CIDR such as 192.168.1.0/24") from None
    if net.num_addresses > MAX_HOSTS:
        limit = "/16" if net.version == 4 else "/112"
        raise UsconfError(f"--scan range {net} has {net.num_addresses} addresses; the limit is {MAX_HOSTS} "
                          f"(a {limit}): split it into smaller ranges")
    if net.is_multicast or net.is_unspecified:
        raise UsconfError(f"--scan range {net} is not a range of host addresses")
    # hosts() leaves out the network and broadcast addresses, except in /31, /32 and their v6 peers.
    return [str(a) for a in net.hosts()] or [str(net.network_address)]


def url_for(host, port):
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}" if port == DEFAULT_PORT else f"http://{shown}:{port}"


def check(url, username="Admin", password="Admin", timeout=2.0):
    """Checked for a host answering `ping` as an Ultra Stream; None when nothing answers;
    NotUltraStream when something else does."""
    # The HTTP client (and requests) loads only when a sweep runs, not with every command.
    from usconf.client import Client, NoAnswer, NotUltraStream, RetryPolicy, Unreachable
    client = Client(url, username=username, password=password, timeout=timeout,
                    retries=RetryPolicy(attempts=1))
    try:
        try:
            pong = client.ping()
        except (Unreachable, NoAnswer):
            return None
        except NotUltraStream:
            raise
        except UsconfError as exc:
            return Checked(url=url, error=clean(str(exc), 200))
        found = Checked(url=url, status=_mask(pong.get("cur-status")))
        try:
            client.login()
            info = client.get_info()
            settings = client.get_settings()
        except AuthenticationFailed:
            found.error = "wrong username or password"
            return found
        except NotUltraStream:
            raise
        except UsconfError as exc:
            found.error = clean(str(exc), 200)
            return found
        product = info.get("product") if isinstance(info.get("product"), dict) else {}
        found.serial = clean(product.get("sn"), 32)
        found.model = clean(product.get("module-name") or product.get("product-name"))
        found.firmware = clean(product.get("firmware-ver-s"), 32)
        found.name = clean(settings.get("name"))
        return found
    finally:
        client.close()


def _mask(value):
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2 ** 32:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def scan(cidr, port=DEFAULT_PORT, parallel=DEFAULT_PARALLEL, username="Admin", password="Admin", timeout=2.0,
         on_found=None):
    """Sweep every address of `cidr`; Swept with the Ultra Streams found, in address order."""
    if not 1 <= parallel <= MAX_PARALLEL:
        raise UsconfError(f"--parallel must be from 1 to {MAX_PARALLEL}")
    addresses = hosts(cidr)
    return check_all([url_for(a, port) for a in addresses], parallel, username, password, timeout, on_found)


def check_all(urls, parallel=DEFAULT_PARALLEL, username="Admin", password="Admin", timeout=2.0, on_found=None):
    from usconf.client import NotUltraStream
    swept = Swept()
    results = [None] * len(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(parallel, len(urls) or 1))) as pool:
        futures = {pool.submit(check, url, username, password, timeout): i for i, url in enumerate(urls)}
        for future in concurrent.futures.as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except NotUltraStream:
                results[i] = NotUltraStream
                continue
            if results[i] is not None and on_found:
                on_found(results[i])
    for result in results:
        if result is None:
            swept.silent += 1
        elif result is NotUltraStream:
            swept.not_ultra_stream += 1
        else:
            swept.found.append(result)
    return swept

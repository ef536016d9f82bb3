"""Emulator benchmark: requests/s on one device over loopback, and memory per device at --count 1000.

Throughput is measured twice: alone, and with --idle connections (300) open to the
same device that never send a byte, as a crowd of idle or stalled clients would.

The emulator runs as its own process (`usconf emulator`), as a user runs it, so
the client's work never competes with it for the interpreter lock. Bounded in
time and loopback only. Prints the figures; exits 1 when a target is missed
(>= 5,000 requests/s, >= 1,000 devices in one process, <= 1 MB RSS per device).
The load comes from client processes of their own (one per keep-alive connection),
each a plain socket loop sending prepared requests and reading each answer by its
Content-Length, as a load generator such as wrk does: a client written with
http.client costs about as much CPU per request as the emulator itself, and would
measure the client. On a 2-core machine clients and emulator still share the
cores, so the "capacity" line (requests per second of emulator CPU time) is the
figure that does not depend on what else the machine runs.
"""
import argparse
import http.client
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TARGET_RPS = 5000
TARGET_DEVICES = 1000
TARGET_MB_PER_DEVICE = 1.0
ADMIN_MD5 = "e3afed0047b08059d0fada10f400c1e5"     # md5("Admin"), the factory password


class Emulator:
    """`usconf emulator --port 0 --count N` in a child process, stopped with SIGTERM."""

    def __init__(self, count=1):
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen([sys.executable, "-m", "usconf", "emulator", "--port", "0",
                                      "--count", str(count)], stdout=subprocess.PIPE, text=True, env=env)
        self.urls = [self.proc.stdout.readline().split()[1] for _ in range(count)]

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        """User + system CPU time the emulator process has used so far."""
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


def _connect(url):
    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", f"/usapi?method=login&id=Admin&pass={ADMIN_MD5}")
    answer = conn.getresponse()
    answer.read()
    return conn, {"Cookie": answer.getheader("Set-Cookie").split(";")[0]}


_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.I)


def _load(host, port, cookie, start, seconds, done):
    """One keep-alive connection alternating get-status and get-settings for `seconds` after `start`."""
    sock = socket.create_connection((host, port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    asks = [f"GET /usapi?method={m} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n\r\n".encode()
            for m in ("get-status", "get-settings")]
    buf, count = b"", 0
    start.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sock.sendall(asks[count & 1])
        while True:                 # one whole answer: its head, then Content-Length bytes
            end = buf.find(b"\r\n\r\n")
            if end >= 0:
                if not buf.startswith(b"HTTP/1.1 200 ") and not buf.startswith(b"HTTP/1.0 200 "):
                    raise RuntimeError(buf[:40])
                total = end + 4 + int(_LENGTH.search(buf, 0, end + 2).group(1))
                if len(buf) >= total:
                    buf = buf[total:]
                    break
            chunk = sock.recv(262144)
            if not chunk:
                raise RuntimeError("the emulator closed the connection")
            buf += chunk
        count += 1
    sock.close()
    done.put(count)


def requests_per_second(seconds, clients, idle=0):
    """`clients` keep-alive connections, each from its own process, for `seconds`.

    Returns (requests/s by the wall clock, requests/s one core could serve judged by
    the emulator's own CPU time); the second figure holds on a busy machine too.
    `idle` connections are opened first and stay silent throughout.
    """
    with Emulator() as emu:
        host, port = emu.urls[0].split("//")[1].split(":")
        silent = [socket.create_connection((host, int(port)), timeout=10) for _ in range(idle)]
        conn, headers = _connect(emu.urls[0])
        conn.close()
        context = multiprocessing.get_context("spawn")     # a client carries nothing of this process
        start, done = context.Event(), context.Queue()
        procs = [context.Process(target=_load, args=(host, int(port), headers["Cookie"], start, seconds, done))
                 for _ in range(clients)]
        for proc in procs:
            proc.start()
        time.sleep(1.0)             # the clients' start-up is not part of the figure
        cpu = emu.cpu_seconds()
        started = time.monotonic()
        start.set()
        counts = [done.get(timeout=seconds + 30) for _ in procs]
        wall, cpu = time.monotonic() - started, emu.cpu_seconds() - cpu
        for proc in procs:
            proc.join(10)
        for sock in silent:
            sock.close()
        total = sum(counts)
        return total / wall, (total / cpu if cpu else float("inf"))


def memory_per_device(count):
    """RSS of a --count N emulator minus that of a --count 1 one, per extra device, in MB."""
    def settled_rss(emu):
        # Every device must answer, or the figure would flatter idle listeners.
        for url in emu.urls[:: max(1, len(emu.urls) // 25)]:
            conn, headers = _connect(url)
            conn.request("GET", "/usapi?method=get-settings", headers=headers)
            assert conn.getresponse().status == 200
            conn.close()
        time.sleep(0.3)
        return emu.rss_kb()

    with Emulator(1) as one:
        base = settled_rss(one)
    with Emulator(count) as many:
        total = settled_rss(many)
    return (total - base) / 1024 / (count - 1), total / 1024


def results(seconds=3.0, clients=2, count=TARGET_DEVICES):
    """[(figure, value, floor, unit, target_text, ok)] for bench/run.py."""
    rps, capacity = requests_per_second(seconds, clients)
    per_device, total = memory_per_device(count)
    return [
        (f"emulator requests/s, one device, {clients} keep-alive clients", rps, None, "req/s",
         f">= {TARGET_RPS:,}", rps >= TARGET_RPS),
        ("emulator requests/s per core of its own CPU time", capacity, None, "req/s", f">= {TARGET_RPS:,}",
         capacity >= TARGET_RPS),
        ("emulator devices in one process (all answering)", count, None, "", f">= {TARGET_DEVICES:,}",
         count >= TARGET_DEVICES),
        (f"emulator RSS per device at --count {count} ({total:.0f} MB in all)", per_device, None, "MB",
         f"<= {TARGET_MB_PER_DEVICE:g} MB", per_device <= TARGET_MB_PER_DEVICE),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of the throughput run")
    parser.add_argument("--clients", type=int, default=2, help="concurrent keep-alive clients")
    parser.add_argument("--count", type=int, default=TARGET_DEVICES, help="devices for the memory figure")
    parser.add_argument("--idle", type=int, default=300, help="silent connections open during the second run")
    args = parser.parse_args(argv)

    rps, capacity = requests_per_second(args.seconds, args.clients)
    print(f"throughput: {rps:,.0f} requests/s on one device ({args.clients} keep-alive client(s), "
          f"get-status/get-settings alternating, {args.seconds:g} s)   target >= {TARGET_RPS:,}")
    print(f"capacity: {capacity:,.0f} requests/s per core of emulator CPU time "
          f"({1e6 / capacity:,.0f} us per request; load average now {os.getloadavg()[0]:.1f})")
    crowded, _ = requests_per_second(args.seconds, args.clients, args.idle) if args.idle else (rps, None)
    print(f"throughput with {args.idle} idle connections open: {crowded:,.0f} requests/s   "
          f"target >= {TARGET_RPS:,}")
    per_device, total = memory_per_device(args.count)
    print(f"memory: {per_device:.3f} MB RSS per device at --count {args.count} "
          f"({total:.0f} MB for the process)   target <= {TARGET_MB_PER_DEVICE} MB")
    ok = min(rps, crowded) >= TARGET_RPS and per_device <= TARGET_MB_PER_DEVICE and args.count >= TARGET_DEVICES
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The network: the virtio-net driver, ARP/IPv4/ICMP/UDP, from the host over
loopback only (QEMU's user network with restrict=on: the guest reaches
nothing but the forwarded ports and QEMU's own gateway 10.0.2.2)."""

import re
import socket
import time

from grade import QEMU, check, free_port, ktest_qemu, note, test

BANNER = "init: starting sh"


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def boot(rules=()):
    q = QEMU(net=list(rules))
    q.expect(re.compile(r"net: virtio-net 52:54:0?0:12:34:56, 10\.0\.2\.15/24 via 10\.0\.2\.2, link up"))
    q.expect(BANNER)
    q.wait_quiet()
    return q


def counters(q):
    """netstat's counters as {description: value}."""
    q.mark()
    q.sendline("netstat -a")
    m = q.expect(re.compile(r"packet buffers in use\n((?:\s*\d+ [^\n]*\n)+)\$ "), timeout=60)
    out = {}
    for line in m.group(1).strip("\n").split("\n"):
        n, what = line.strip().split(" ", 1)
        out[what] = int(n)
    return out


NET_KTESTS = ["net_arp", "net_icmp_echo", "net_parsers", "net_udp", "net_fuzz"]


@test("net_parsers", timeout=400)
def _():
    """The self-tests that feed crafted frames, good and bad, to the parsers."""
    for name in NET_KTESTS:
        q = ktest_qemu(name)
        q.expect("ktest: %s ... ok" % name, timeout=120)
        check(q.wait_exit(timeout=60) == 0, "ktest %s failed" % name)


@test("net_ping_gateway", timeout=180)
def _():
    q = boot()
    q.sendline("ping -c 3 10.0.2.2")
    q.expect(re.compile(r"bytes from 10\.0\.2\.2: seq=1 time=\d+ ms"))
    q.expect("3 packets sent, 3 received")
    q.sendline("ifconfig")
    q.expect("inet 10.0.2.15 netmask 255.255.255.0 gateway 10.0.2.2")
    c = counters(q)
    check(c.get("ICMP messages received", 0) >= 3, "no ICMP replies counted: %r" % c)
    check(c.get("ARP packets received", 0) >= 1, "the gateway's ARP reply was not counted")


@test("net_ping_bad", timeout=180)
def _():
    q = boot()
    q.sendline("ping -c 1 10.0.2.99")   # nobody there: ARP never answers
    q.expect("no reply for seq=1")
    q.expect("1 packets sent, 0 received")
    q.sendline("ping 10.0.2")
    q.expect("not an IPv4 address")
    q.sendline("echo alive")
    q.expect("alive")


@test("net_udp_lab", timeout=180)
def _():
    """The lab's bind/recv/send: the host sends datagrams to a forwarded port.
    The guest's echoes are sent (counted) but restrict=on keeps every UDP
    datagram from the guest, replies included, from leaving QEMU."""
    hp = free_udp_port()
    q = boot(["hostfwd=udp:127.0.0.1:%d-:2000" % hp])
    q.sendline("udpecho 2000 3")
    q.expect("udpecho: listening on 2000")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(3):
            msg = "hello %d from the host" % i
            s.sendto(msg.encode(), ("127.0.0.1", hp))
            q.expect(re.compile(r"udpecho: %d bytes from 10\.0\.2\.2:\d+: %s\n" % (len(msg), msg)))
    q.expect("$ ")
    c = counters(q)
    check(c.get("UDP datagrams sent", 0) >= 3, "the echoes were not sent: %r" % c)
    check(c.get("UDP datagrams received", 0) == 3, "expected 3 datagrams received: %r" % c)
    q.sendline("udpecho 0 1")
    q.expect("udpecho: bind 0: Invalid argument")

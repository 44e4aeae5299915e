"""The network's figures for `make bench` (scripts/bench.py runs them after
the bench program unless --no-net).  Python 3 standard library only.

Each figure needs a peer on the host, so the host times it, not the guest:

    tcp_h2g   MiB from the host into `nc -l -s` in Kite (hostfwd), per MiB
    tcp_g2h   MiB from `nc -l -g` in Kite to the host (hostfwd), per MiB
    tcp_conn  connections to `httpd -n N` in Kite: connect, HEAD /, close
    udp_rtt   datagram round trips to `nc -u -l -E` in Kite

The TCP figures use QEMU's user network (restrict=on, forwarding only from
127.0.0.1); udp_rtt uses QEMU's socket back end, a wire of UDP datagrams on
127.0.0.1 whose other end is this script (it answers ARP for 10.0.2.2 and
times echoes), because the user network drops every datagram from the
guest.  Nothing is sent anywhere but the loopback address.
"""

import re
import socket
import struct
import threading
import time

from qemuconsole import ConsoleProcess, qemu_command

WHAT = {
    "tcp_h2g": "1 MiB host -> Kite over TCP",
    "tcp_g2h": "1 MiB Kite -> host over TCP",
    "tcp_conn": "TCP connect+HEAD+close to httpd",
    "udp_rtt": "UDP echo round trip (64 B)",
}
MIB = 1 << 20
KITE_MAC = bytes.fromhex("525400123456")
PEER_MAC = bytes.fromhex("52550a000202")
KITE_IP = bytes([10, 0, 2, 15])
PEER_IP = bytes([10, 0, 2, 2])
GUEST_PORT = 7000
UDP_PORT = 2000


class NetBenchError(Exception):
    pass


def _free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Kite:
    """A QEMU running Kite with extra network arguments, and its console."""

    def __init__(self, args, disk, net):
        cmd = qemu_command(cpus=args.cpus, mem=args.mem, disk=disk, qemu=args.qemu, extra=net)
        self.con = ConsoleProcess(cmd, args.root)
        self.expect(r"\$ ", 0, args.boot_timeout, "the shell prompt")

    def expect(self, rx, start, timeout, what):
        m, why = self.con.wait_match(re.compile(rx), start, time.monotonic() + timeout)
        if not m:
            raise NetBenchError("no %s within %ds (%s)" % (what, timeout, why))
        return m

    def run(self, line):
        """Type a line; the output position before it."""
        start = len(self.con.output)
        self.con.send(line + "\n")
        return start

    def listening(self, port):
        for _ in range(30):
            start = self.run("netstat")
            self.expect("packet buffers in use", start, 30, "netstat's output")
            if re.search(r"10\.0\.2\.15:%d +0\.0\.0\.0:0 +LISTEN" % port, self.con.output[start:]):
                return
            time.sleep(0.3)
        raise NetBenchError("nothing listens on port %d in Kite" % port)

    def close(self):
        self.con.send("halt\n")
        try:
            self.con.proc.wait(30)
        except Exception:
            pass
        self.con.kill()


def _row(name, ops, ns):
    return {"ops": ops, "ns": int(ns), "ns_per_op": ns / ops if ops else None,
            "what": WHAT[name], "extra": {}}


def _tcp(args, disk, mib, nconn):
    hp = _free_port()
    k = _Kite(args, disk, ["-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:%d-:%d"
                           % (hp, GUEST_PORT),
                           "-device", "virtio-net-device,netdev=n0,bus=virtio-mmio-bus.1"])
    out = {}
    try:
        n = mib * MIB
        k.run("nc -l -s %d < /dev/null &" % GUEST_PORT)
        k.listening(GUEST_PORT)
        start = len(k.con.output)
        c = socket.create_connection(("127.0.0.1", hp), timeout=60)
        block = bytes(range(256)) * 256
        t0 = time.monotonic()
        for _ in range(n // len(block)):
            c.sendall(block)
        c.shutdown(socket.SHUT_WR)
        k.expect(r"nc: received %d bytes" % n, start, 300, "nc's count")
        out["tcp_h2g"] = _row("tcp_h2g", mib, (time.monotonic() - t0) * 1e9)
        c.close()

        k.run("nc -l -g %d %d < /dev/null &" % (n, GUEST_PORT))
        k.listening(GUEST_PORT)
        c = socket.create_connection(("127.0.0.1", hp), timeout=60)
        c.settimeout(300)
        got, t0 = 0, time.monotonic()
        while True:
            b = c.recv(1 << 16)
            if not b:
                break
            got += len(b)
        out["tcp_g2h"] = _row("tcp_g2h", mib, (time.monotonic() - t0) * 1e9)
        c.close()
        if got != n:
            raise NetBenchError("tcp_g2h: %d bytes of %d" % (got, n))

        k.run("httpd -p %d -n %d &" % (GUEST_PORT, nconn))
        k.listening(GUEST_PORT)
        t0 = time.monotonic()
        for _ in range(nconn):
            c = socket.create_connection(("127.0.0.1", hp), timeout=60)
            c.sendall(b"HEAD / HTTP/1.0\r\n\r\n")
            while c.recv(4096):
                pass
            c.close()
        out["tcp_conn"] = _row("tcp_conn", nconn, (time.monotonic() - t0) * 1e9)
    finally:
        k.close()
    return out


def _csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def _udp_frame(sport, dport, payload):
    u = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = _csum(PEER_IP + KITE_IP + struct.pack("!BBH", 0, 17, len(u)) + u) or 0xffff
    u = u[:6] + struct.pack("!H", c) + u[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(u), 0, 0x4000, 64, 17, 0, PEER_IP, KITE_IP)
    ip = ip[:10] + struct.pack("!H", _csum(ip)) + ip[12:]
    return KITE_MAC + PEER_MAC + b"\x08\x00" + ip + u


def _udp(args, disk, count):
    wire = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    wire.bind(("127.0.0.1", 0))
    qport = _free_port(socket.SOCK_DGRAM)
    k = _Kite(args, disk, ["-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
                           % (wire.getsockname()[1], qport),
                           "-device", "virtio-net-device,netdev=n0,bus=virtio-mmio-bus.1"])
    try:
        k.run("nc -u -l -E -c %d %d &" % (count + 1, UDP_PORT))
        time.sleep(2)
        wire.settimeout(10)
        payload = bytes(64)

        def round_trip():
            wire.sendto(_udp_frame(40000, UDP_PORT, payload), ("127.0.0.1", qport))
            while True:
                f = wire.recv(2048)
                if f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[38:42] == PEER_IP:
                    arp = b"\x00\x01\x08\x00\x06\x04\x00\x02" + PEER_MAC + PEER_IP + f[22:32]
                    wire.sendto(f[6:12] + PEER_MAC + b"\x08\x06" + arp, ("127.0.0.1", qport))
                elif f[12:14] == b"\x08\x00" and f[23] == 17 and f[34:36] == struct.pack("!H", UDP_PORT):
                    return
        round_trip()    # the first one also resolves ARP
        t0 = time.monotonic()
        for _ in range(count):
            round_trip()
        return {"udp_rtt": _row("udp_rtt", count, (time.monotonic() - t0) * 1e9)}
    except socket.timeout:
        raise NetBenchError("udp_rtt: no echo from Kite")
    finally:
        k.close()
        wire.close()


def run(args, disk, quick):
    """The network figures as bench.py's test rows {name: row}."""
    out = _tcp(args, disk, 1 if quick else 8, 10 if quick else 100)
    out.update(_udp(args, disk, 20 if quick else 500))
    return out

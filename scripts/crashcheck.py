#!/usr/bin/env python3
"""The crash-state explorer: every disk state a crash may leave, checked.

    python3 scripts/crashcheck.py [--seed N] [--states N] [--boots N]
                                  [--append ARGS] [--keep DIR]

Python 3 standard library only.  Three steps:

Record.  A small Kite disk (mkfs of the shell, echo, mv, rm, halt) is
booted with the disk behind QEMU's `blklogwrites` block driver, which logs
every write with its data, and every flush, in the dm-log-writes format.
The shell runs WORKLOAD, one command at a time; a command's effect is a
promise once its prompt comes back (Kite's write(), close(), rename() and
unlink() commit before they return: fs/log.c).  Then `halt`.

Replay.  The log is cut into epochs at its flushes.  On a disk with a
volatile write cache, a crash after flush k leaves every write before it
and any subset of the writes of epoch k+1 (the cache may persist them in
any order), maybe with the last one torn (its first sector only).  The
explorer builds the state after every whole prefix of the log, and per
epoch a seeded sample of subsets and torn writes, up to --states in all.

Check.  For each state: the log is replayed as the kernel's mount does
(host-side), then mkfs/fsck must say clean, and the files must keep the
promises: each name holds one of the versions the workload gave it, never
an older one than at the last flush before the crash point (the state
with every write up to that flush applied in order), and the renamed file
is under exactly one of its names.  --boots of the states, sampled, are
also booted in Kite, which must mount them and list the
directory.  A failure prints the crash point and the broken promise, and
keeps the image: `make qemu FSIMG=build/crashcheck/fail1.img` boots it.

Exit status 0 if every state passed, 1 if some failed, 2 on a setup error.
`--append vblk_noflush=1` records with the kernel's write barriers off;
the explorer must then find failures (grade/test_crash_states.py).
"""

import argparse
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from qemuconsole import ConsoleProcess, kill_group, qemu_command  # noqa: E402

SECTOR = 512
BSIZE = 1024
DINODE = 128
NDIRECT = 11
NADDRS = NDIRECT + 2
ROOTINO = 1
T_DIR, T_FILE = 1, 2
LOG_MAGIC = 0x6a736677736872      # dm-log-writes super block magic
LOG_FLUSH, LOG_FUA, LOG_DISCARD, LOG_MARK = 1, 2, 4, 8
IMG_BLOCKS = 2048                 # the small disk (2 MiB)
SUBSETS_MIN = 8                   # sampled subsets per epoch, at least (two per write)
# The log's checksum (kernel/abi/fs.h logsum_words).
LOGSUM_SEED, LOGSUM_MULT, LOGSUM_ROT = 0x6b69746532303236, 0x9e3779b97f4a7c15, 29
LOGSUM_WORDS = BSIZE // 8
MASK64 = (1 << 64) - 1
PROGRAMS = ["init", "sh", "echo", "mv", "rm", "halt", "ls", "cat"]

# The workload: shell commands, and for each name a command changes, the
# states it passes through (None: absent).  `echo X > f` commits the
# truncation first, and echo may write X and its newline apart.
def echo(text):
    return ["", text, text + "\n"]


WORKLOAD = [
    ("echo alpha > a", {"a": echo("alpha")}),
    ("echo bravo-bravo > b", {"b": echo("bravo-bravo")}),
    ("echo charlie > c", {"c": echo("charlie")}),
    ("echo bravo-2 > b", {"b": echo("bravo-2")}),
    ("mv c d", {"c": [None], "d": ["charlie\n"]}),
    ("rm a", {"a": [None]}),
    ("echo echo-echo-echo > e", {"e": echo("echo-echo-echo")}),
]
RENAMED = ("c", "d", "charlie\n")  # exactly one of the two names, once written


class Setup(Exception):
    pass


def versions():
    """name -> the list of states it passes through, in order."""
    v = {}
    for _, effects in WORKLOAD:
        for name, seq in effects.items():
            v.setdefault(name, [None]).extend(seq)
    return v


# ---------------------------------------------------------------- record

def make_image(path):
    progs = [os.path.join(ROOT, "build/user/_" + p) for p in PROGRAMS]
    for p in progs:
        if not os.path.exists(p):
            raise Setup("%s is missing (run make first)" % p)
    r = subprocess.run([os.path.join(ROOT, "mkfs/mkfs"), "-s", str(IMG_BLOCKS), "-i", "64",
                        path] + progs, capture_output=True, text=True)
    if r.returncode:
        raise Setup("mkfs: %s" % r.stderr)


def expect(q, rx, start, timeout):
    m, why = q.wait_match(re.compile(rx), start, time.monotonic() + timeout, panic_grace=1)
    if not m:
        raise Setup("QEMU: %s waiting for %r; console:\n%s" % (why, rx, q.output[-1500:]))
    return m.end()


def boot(drive_args, append=None, timeout=60):
    cmd = qemu_command(cpus=2, mem="128M", disk=None, append=append, extra=drive_args)
    q = ConsoleProcess(cmd, ROOT)
    return q, expect(q, r"\n\$ $", 0, timeout)


def halt(q):
    q.send("halt\n")
    try:
        q.proc.wait(60)
    except subprocess.TimeoutExpired:
        kill_group(q.proc)
        raise Setup("QEMU did not power off")


def plain_drive(img):
    return ["-drive", "file=%s,if=none,format=raw,id=x0,cache=writeback" % img,
            "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]


def record(work, append):
    """Boot once (init settles), keep that as the base, then record the workload."""
    base, disk, log = (os.path.join(work, n) for n in ("base.img", "disk.img", "writes.log"))
    make_image(base)
    q, _ = boot(plain_drive(base))
    halt(q)
    shutil.copyfile(base, disk)
    open(log, "wb").close()
    drive = ["-blockdev", "driver=file,filename=%s,node-name=disk0,cache.direct=off" % disk,
             "-blockdev", "driver=file,filename=%s,node-name=log0" % log,
             "-blockdev", "driver=blklogwrites,node-name=x0,file=disk0,log=log0,"
             "log-sector-size=%d,log-super-update-interval=1" % SECTOR,
             "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0,write-cache=on"]
    q, pos = boot(drive, append)
    for line, _ in WORKLOAD:
        q.send(line + "\n")
        pos = expect(q, r"\n\$ $", pos, 60)
    halt(q)
    return base, log


# ---------------------------------------------------------------- the log

def read_log(path):
    """[(sector, data)] writes and None for each flush, in log order."""
    with open(path, "rb") as f:
        raw = f.read()
    magic, version, nentries, ssize = struct.unpack_from("<QQQI", raw, 0)
    if magic != LOG_MAGIC or ssize != SECTOR:
        raise Setup("%s: not a dm-log-writes log (magic %#x, sector size %d)"
                    % (path, magic, ssize))
    out, off = [], SECTOR
    for _ in range(nentries):
        sector, nsect, flags, _ = struct.unpack_from("<QQQQ", raw, off)
        off += SECTOR
        data = raw[off:off + nsect * SECTOR]
        off += nsect * SECTOR
        if flags & LOG_DISCARD:
            data = bytes(nsect * SECTOR)
        if nsect:
            out.append((sector, data))
        if flags & (LOG_FLUSH | LOG_FUA):
            out.append(None)  # a FUA write is durable itself: a barrier after it will do
    return out


def epochs(entries):
    """Lists of writes between flushes."""
    cur, res = [], []
    for e in entries:
        if e is None:
            res.append(cur)
            cur = []
        else:
            cur.append(e)
    res.append(cur)
    return res


# ---------------------------------------------------------------- the file system, host-side

def logsum(h, words):
    for w in words:
        h ^= w
        h = (((h << LOGSUM_ROT) | (h >> (64 - LOGSUM_ROT))) & MASK64) * LOGSUM_MULT & MASK64
    return h


class Disk:
    def __init__(self, data):
        self.d = data
        (self.magic, self.size, self.nblocks, self.ninodes, self.nlog, self.logstart,
         self.inodestart, self.bmapstart, self.version) = struct.unpack_from("<9I", data, BSIZE)

    def block(self, b):
        return self.d[b * BSIZE:(b + 1) * BSIZE]

    def log_half(self, h):
        """(seq, homes) of log half h's commit if its header is valid, else None."""
        half = self.nlog // 2
        at = (self.logstart + h * half) * BSIZE
        words = struct.unpack_from("<%dQ" % LOGSUM_WORDS, self.d, at)
        seq, n = words[1], words[2] & 0xffffffff
        if n == 0 or n > half - 1:
            return None
        s = logsum(LOGSUM_SEED, words[1:])
        for i in range(n):
            s = logsum(s, struct.unpack_from("<%dQ" % LOGSUM_WORDS, self.d, at + (1 + i) * BSIZE))
        if s != words[0]:
            return None
        homes = struct.unpack_from("<%dI" % n, self.d, at + 20)
        if seq % 2 != h or len(set(homes)) != n or \
                not all(self.inodestart <= b < self.size for b in homes):
            raise ValueError("log half %d: a valid header names blocks %s" % (h, homes))
        return seq, homes

    def replay_log(self):
        """What mount does (fs/log.c recover): replay the valid halves, the
        older one first and only if it is exactly one commit older."""
        half = self.nlog // 2
        found = {h: c for h in (0, 1) for c in [self.log_half(h)] if c}
        order = sorted(found, key=lambda h: found[h][0])
        if len(order) == 2 and found[order[0]][0] + 1 != found[order[1]][0]:
            order = order[1:]
        n = 0
        for h in order:
            for i, home in enumerate(found[h][1]):
                src = (self.logstart + h * half + 1 + i) * BSIZE
                self.d[home * BSIZE:(home + 1) * BSIZE] = self.d[src:src + BSIZE]
                n += 1
        return n

    def inode(self, inum):
        off = self.inodestart * BSIZE + inum * DINODE
        typ, _, _, nlink, size = struct.unpack_from("<hhhhI", self.d, off)
        addrs = struct.unpack_from("<%dI" % NADDRS, self.d, off + 12)
        return typ, size, addrs

    def read(self, inum):
        typ, size, addrs = self.inode(inum)
        blocks = list(addrs[:NDIRECT])
        if addrs[NDIRECT]:
            blocks += struct.unpack_from("<256I", self.d, addrs[NDIRECT] * BSIZE)
        data = b"".join(self.block(b) if b else bytes(BSIZE)
                        for b in blocks[:(size + BSIZE - 1) // BSIZE])
        return typ, data[:size]

    def root_files(self):
        """name -> contents (str) of the regular files in the root."""
        _, d = self.read(ROOTINO)
        files = {}
        for i in range(0, len(d) - 15, 16):
            inum = struct.unpack_from("<H", d, i)[0]
            name = d[i + 2:i + 16].rstrip(b"\0").decode("latin-1")
            if inum and name not in (".", ".."):
                typ, data = self.read(inum)
                if typ == T_FILE:
                    files[name] = data.decode("latin-1")
        return files


def apply(base, writes):
    img = bytearray(base)
    for sector, data in writes:
        img[sector * SECTOR:sector * SECTOR + len(data)] = data
    return img


# ---------------------------------------------------------------- checking

def state_versions(files, vers):
    """name -> index set of the versions this state's content matches."""
    out = {}
    for name, seq in vers.items():
        have = files.get(name)
        out[name] = {i for i, v in enumerate(seq) if v == have}
    return out


def check_state(img, durable, vers, work, fsck):
    """None, or what is wrong with crash state img (a bytearray)."""
    disk = Disk(img)
    try:
        disk.replay_log()
    except (ValueError, struct.error) as e:
        return "log replay refused: %s" % e
    path = os.path.join(work, "state.img")
    with open(path, "wb") as f:
        f.write(disk.d)
    r = subprocess.run([fsck, path], capture_output=True, text=True)
    if r.returncode != 0:
        return "fsck: %s" % (r.stdout + r.stderr).strip().replace("\n", "; ")[:300]
    try:
        files = disk.root_files()
    except (struct.error, IndexError) as e:
        return "cannot read the root directory: %s" % e
    now = state_versions(files, vers)
    for name, idx in now.items():
        if not idx:
            return "%s holds %r, never promised" % (name, files.get(name))
        if max(idx) < min(durable[name]):
            return "%s holds %r: older than %r, promised before the last flush" % (
                name, files.get(name), vers[name][min(durable[name])])
    old, new, content = RENAMED
    if content in (files.get(old), files.get(new)) or min(durable[old]) >= vers[old].index(content):
        if (files.get(old) == content) == (files.get(new) == content):
            return "rename %s -> %s half done: %r, %r" % (old, new, files.get(old), files.get(new))
    return None


def crash_states(eps, rng, limit):
    """(description, writes before, writes chosen from the epoch) for the
    states to check: every prefix, then sampled subsets and torn writes."""
    prefix, states, extra = [], [], []
    for k, ep in enumerate(eps):
        for j in range(len(ep) + 1):
            states.append(("epoch %d, first %d of %d writes" % (k, j, len(ep)), prefix, ep[:j]))
        for j in range(1, len(ep) + 1):
            sector, data = ep[j - 1]
            if len(data) > SECTOR:
                extra.append(("epoch %d, first %d writes, the last torn" % (k, j), prefix,
                              ep[:j - 1] + [(sector, data[:SECTOR])]))
        for _ in range(max(SUBSETS_MIN, 2 * len(ep))):
            if len(ep) > 1:
                pick = [w for w in ep if rng.random() < 0.5]
                extra.append(("epoch %d, a subset of %d of its %d writes" % (k, len(pick), len(ep)),
                              prefix, pick))
        prefix = prefix + ep
    rng.shuffle(extra)
    room = max(limit - len(states), 0)
    if len(states) > limit:
        rng.shuffle(states)
        states = states[:limit]
        room = 0
    return states + extra[:room]


def boot_check(path, timeout=60):
    q, pos = boot(plain_drive(path), timeout=timeout)
    q.send("ls\n")
    pos = expect(q, r"\n\$ $", pos, timeout)
    halt(q)
    out = q.output
    if "panic" in out or "fs: " in out and "orphan" not in out:
        return "boot: %s" % out[-400:]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--states", type=int, default=300, help="most states to check")
    ap.add_argument("--boots", type=int, default=2, help="states also booted in Kite")
    ap.add_argument("--append", default=None, help="kernel arguments for the recorded run")
    ap.add_argument("--keep", default=os.path.join(ROOT, "build/crashcheck"),
                    help="work directory (the log and failing images stay there)")
    args = ap.parse_args()
    work = args.keep
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    fsck = os.path.join(ROOT, "mkfs/fsck")
    try:
        base_path, log = record(work, args.append)
        with open(base_path, "rb") as f:
            base = f.read()
        entries = read_log(log)
    except Setup as e:
        print("crashcheck: %s" % e)
        return 2
    eps = epochs(entries)
    nflush = sum(1 for e in entries if e is None)
    print("crashcheck: recorded %d writes, %d flushes (seed %d)" %
          (len(entries) - nflush, nflush, args.seed))
    vers = versions()
    rng = random.Random(args.seed)
    states = crash_states(eps, rng, args.states)

    # What was durable at each flush: every write up to it, in order.
    durable_at = {}
    checked = failed = 0
    boots = set(rng.sample(range(len(states)), min(args.boots, len(states))))
    for i, (what, before, chosen) in enumerate(states):
        key = len(before)
        if key not in durable_at:
            d = Disk(apply(base, before))
            try:
                d.replay_log()
                durable_at[key] = state_versions(d.root_files(), vers)
            except (ValueError, struct.error, IndexError):
                durable_at[key] = {n: {0} for n in vers}
        durable = {n: (s or {0}) for n, s in durable_at[key].items()}
        img = apply(base, before + chosen)
        why = check_state(img, durable, vers, work, fsck)
        if why is None and i in boots:
            path = os.path.join(work, "boot.img")
            with open(path, "wb") as f:
                f.write(img)
            try:
                why = boot_check(path)
            except Setup as e:
                why = str(e)
        checked += 1
        if why:
            failed += 1
            saved = os.path.join(work, "fail%d.img" % failed)
            with open(saved, "wb") as f:
                f.write(img)
            if failed <= 5:
                print("crashcheck: FAIL at %s: %s\n    image: %s" % (what, why,
                                                                   os.path.relpath(saved, ROOT)))
    print("crashcheck: %d states checked, %d failed" % (checked, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

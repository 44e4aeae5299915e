"""Crash safety: files unlinked while open (orphans) are freed by the next
mount; and (test_crash_states.py) every crash state a recorded run allows.
"""

import os
import re
import struct

from grade import ROOT, check, run, scratch_disk, test
from test_user import boot, cmd

BSIZE = 1024
BPB = BSIZE * 8


def free_blocks(img):
    """Free data blocks by the image's bitmap (host-side reading)."""
    with open(os.path.join(ROOT, img), "rb") as f:
        sb = f.read(2 * BSIZE)[BSIZE:BSIZE + 36]
        magic, size, nblocks, ninodes, nlog, logstart, inodestart, bmapstart, version = \
            struct.unpack("<9I", sb)
        nbitmap = (size + BPB - 1) // BPB
        f.seek(bmapstart * BSIZE)
        bitmap = f.read(nbitmap * BSIZE)
    datastart = bmapstart + nbitmap
    return sum(1 for b in range(datastart, size) if not bitmap[b // 8] >> (b % 8) & 1)


def fsck(img):
    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck: exit %d\n%s" % (r.returncode, r.output))
    return r.output


@test("crash_orphan_freed_at_mount", timeout=300)
def _():
    """The issue's scenario: a file held open by a background process is
    removed, then the system halts with it still open.  The next mount
    frees the inode and its blocks (in the first operation after it); fsck is clean before (the orphan is a
    note) and after (no note)."""
    img = scratch_disk()
    q = boot(disk=img)
    cmd(q, "echo d > held")
    cmd(q, "cat README.md README.md README.md > big")       # an orphan with blocks
    cmd(q, "sleep 100000 < held &")
    cmd(q, "sleep 100000 < big &")
    cmd(q, "rm held big")
    out = cmd(q, "ls")
    check("held" not in out and "big" not in out, "rm removed the names: %r" % out)
    q.sendline("halt")
    q.wait_exit(timeout=60)
    before = free_blocks(img)
    out = fsck(img)
    check(len(re.findall(r"is an orphan", out)) == 2,
          "fsck notes the two open, unlinked files: %r" % out)

    q = boot(disk=img)
    cmd(q, "echo x > first-change")                # the first operation frees them
    check("fs: freed 2 orphan inodes" in q.output, "the mount freed the two orphans")
    check("panic" not in q.output, "no panic")
    q.sendline("halt")
    q.wait_exit(timeout=60)
    after = free_blocks(img)
    check(after > before + 3, "the orphans' blocks came back: %d free -> %d" % (before, after))
    out = fsck(img)
    check("is an orphan" not in out, "no orphan left: %r" % out)

    q = boot(disk=img)                                          # nothing more to free
    check("orphan" not in q.output, "a clean mount frees nothing: %r" % q.output[-300:])
    q.sendline("halt")
    q.wait_exit(timeout=60)


@test("crash_orphan_freed_at_close", timeout=300)
def _():
    """Without a stop, the last close frees the unlinked file at once."""
    img = scratch_disk()
    q = boot(disk=img)
    cmd(q, "cat README.md README.md README.md > big")
    q.sendline("halt")
    q.wait_exit(timeout=60)
    with_file = free_blocks(img)
    q = boot(disk=img)
    out = cmd(q, "sleep 100000 < big &")
    pid = re.search(r"\[\d+\] (\d+)", out)
    check(pid, "the shell printed the job's pid: %r" % out)
    cmd(q, "rm big")
    cmd(q, "kill %s" % pid.group(1))
    cmd(q, "sleep 5")
    q.sendline("halt")
    q.wait_exit(timeout=60)
    check(free_blocks(img) > with_file + 3, "the last close freed the blocks")
    out = fsck(img)
    check("is an orphan" not in out, "nothing left for the next mount: %r" % out)

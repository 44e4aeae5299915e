"""Disk errors and damaged disks: the kernel stays up, callers get -1, and
fsck finds the image consistent afterwards.

QEMU's blkdebug driver fails chosen requests: every write, and reads of one
sector of README.md's first data block.
"""

import os
import re
import struct

from grade import ROOT, SCRATCH_DIR, QEMU, check, run, scratch_disk, test
from test_user import cmd

BSIZE = 1024
SECTOR = 512
DINODE = 128                           # bytes per on-disk inode (kernel/fs.h)
NADDRS = 13
ROOTINO = 1


def first_block_of(img_path, name):
    """The first data block of file `name` in the root directory (host-side reading)."""
    with open(img_path, "rb") as f:
        img = f.read(4 * 1024 * 1024)   # metadata and the first files are near the start
    magic, size, nblocks, ninodes, nlog, logstart, inodestart, bmapstart, version = \
        struct.unpack("<9I", img[BSIZE:BSIZE + 36])

    def inode(n):
        off = inodestart * BSIZE + n * DINODE
        typ, _, _, _, isize = struct.unpack("<hhhhI", img[off:off + 12])
        addrs = struct.unpack("<%dI" % NADDRS, img[off + 12:off + 12 + 4 * NADDRS])
        return typ, isize, addrs

    _, dsize, daddrs = inode(ROOTINO)
    d = img[daddrs[0] * BSIZE:daddrs[0] * BSIZE + dsize]
    for i in range(0, len(d), 16):
        inum = struct.unpack("<H", d[i:i + 2])[0]
        if inum and d[i + 2:i + 16].rstrip(b"\0") == name.encode():
            return inode(inum)[2][0]
    raise AssertionError("%s not found in the image" % name)


def boot_shell(**kw):
    q = QEMU(**kw)
    q.expect("init: starting sh", timeout=120)
    q.expect("$ ", timeout=60)
    return q


@test("disk_errors", timeout=300)
def _():
    img = scratch_disk()
    # A first, clean boot lets init create /console and leaves a file to read.
    q = boot_shell(disk=img)
    q.sendline("echo kept > keep.txt")
    q.expect("$ ")
    q.sendline("halt")
    q.wait_exit(timeout=60)

    block = first_block_of(os.path.join(ROOT, img), "README.md")
    conf = os.path.join(SCRATCH_DIR, "blkdebug.conf")
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\n\n'
                '[inject-error]\nevent = "write_aio"\nerrno = "5"\n' % (block * BSIZE // SECTOR))
    drive = ["-drive", "file=blkdebug:%s:%s,if=none,format=raw,id=x0" % (conf, img),
             "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]
    q = boot_shell(disk=None, extra=drive)

    q.mark()
    q.sendline("cat README.md")
    q.expect("virtio-blk: read error at block %d" % block, timeout=60)
    q.expect("$ ")
    q.mark()
    q.sendline("cat keep.txt")
    q.expect("kept\n", timeout=60)                 # other blocks still read
    q.mark()
    q.sendline("echo x > newfile")
    q.expect(re.compile(r"virtio-blk: write error at block \d+"), timeout=60)
    q.expect("read-only", timeout=60)
    q.expect("$ ")
    q.mark()
    out = cmd(q, "echo y > other; echo status-after-write")   # output only, not the typed line
    check("status-after-write" in out, "the shell goes on after a failed write: %r" % out)
    q.mark()
    q.sendline("ls")
    q.expect("keep.txt", timeout=60)               # reads go on after the switch
    q.mark()
    out = cmd(q, "echo still-alive")
    check(out.strip().endswith("still-alive"), "the system is still alive: %r" % out)
    check("panic" not in q.output, "the kernel panicked")
    q.sendline("halt")
    q.wait_exit(timeout=60)

    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck after the disk errors: exit %d\n%s" % (r.returncode, r.output))


@test("bad_superblock", timeout=120)
def _():
    img = scratch_disk()
    with open(os.path.join(ROOT, img), "r+b") as f:
        f.seek(BSIZE)
        f.write(struct.pack("<I", 0xdeadbeef))     # wrong magic
    q = QEMU(disk=img)
    q.expect(re.compile(r"fs: bad superblock.*\n"), timeout=60)
    q.expect("powering off", timeout=60)
    check("panic" not in q.output, "a bad superblock must not panic the kernel")
    q.wait_exit(timeout=60)


@test("old_format_refused", timeout=120)
def _():
    """A disk of the previous format (version 2: one log header) is refused
    at mount and by fsck with one clear line, not misread."""
    img = scratch_disk()
    with open(os.path.join(ROOT, img), "r+b") as f:
        f.seek(BSIZE + 8 * 4)                      # superblock.version
        f.write(struct.pack("<I", 2))
    r = run(["mkfs/fsck", img], timeout=60)
    check(r.returncode != 0 and "unsupported version (not 3" in r.output,
          "fsck must refuse a version-2 image: exit %d\n%s" % (r.returncode, r.output))
    q = QEMU(disk=img)
    q.expect(re.compile(r"fs: bad superblock \(unsupported version.*\n"), timeout=60)
    q.expect("powering off", timeout=60)
    check("panic" not in q.output, "an old image must not panic the kernel")
    q.wait_exit(timeout=60)


@test("crash_recovery", timeout=400)
def _():
    """Power cut in the middle of writes: after a reboot (log replay) fsck is
    clean, and a file whose write+close had completed is intact."""
    img = scratch_disk()
    q = boot_shell(disk=img)
    q.sendline("echo durable-content > durable.txt")
    q.expect("$ ")
    q.sendline("stressfs &")
    q.expect(re.compile(r"\[\d+\]"), timeout=60)
    q.wait_quiet(quiet=0.3, timeout=5)
    q.kill()                                     # the power cut
    q = boot_shell(disk=img)                     # mount replays a committed log
    q.mark()
    q.sendline("cat durable.txt")
    q.expect("durable-content\n", timeout=60)
    q.sendline("halt")
    q.wait_exit(timeout=60)
    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck after a crash and reboot: exit %d\n%s" % (r.returncode, r.output))

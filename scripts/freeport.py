#!/usr/bin/env python3
"""freeport.py START: print the first TCP port from START (up to START+99)
that nothing on this machine is listening on, for make qemu-gdb's gdb stub:
on a shared machine every root user's default is the same.  Exit 1 if all
are taken.  Python 3 standard library only."""

import socket
import sys

TRIES = 100


def free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("", port))  # QEMU's -gdb tcp::PORT listens on every address
        except OSError:
            return False
    return True


def main():
    start = int(sys.argv[1])
    for port in range(start, start + TRIES):
        if free(port):
            print(port)
            return 0
    sys.stderr.write("freeport: ports %d..%d are all in use\n" % (start, start + TRIES - 1))
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# doctor.sh: `make doctor` -- is this machine ready to build, run, debug and
# test Kite?  Checks the RISC-V compiler, QEMU (and its version), OpenSBI,
# gdb-multiarch, Python 3, the host C compiler, free disk space and a free
# gdb port, and prints for each problem one line with the command that
# fixes it.  Installs nothing.  Exit status 0 if there is no problem, 1 if
# there is one.
set -u

here=$(cd "$(dirname "$0")" && pwd)
problems=0
MIN_DISK_MB=1024        # a build, fs.img and the grade tests' scratch disks
QEMU_MIN="7.2"          # Debian 12's, the one Kite is built for
PYTHON_MIN="3.9"

problem() {
	echo "doctor: $1"
	echo "        fix: $2"
	problems=$((problems + 1))
}

ok() {
	echo "doctor: ok: $1"
}

# version_ge A B: is dotted version A at least B?
version_ge() {
	[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]
}

prefix=$(sh "$here/toolprefix.sh")
if [ -n "$prefix" ]; then
	ok "RISC-V compiler ${prefix}gcc"
else
	problem "no RISC-V GCC (riscv64-unknown-elf-gcc or another riscv64 gcc) on PATH" \
		"sudo apt-get install gcc-riscv64-unknown-elf"
fi

if command -v qemu-system-riscv64 >/dev/null 2>&1; then
	v=$(qemu-system-riscv64 --version | sed -n 's/.*version \([0-9][0-9.]*\).*/\1/p' | head -1)
	if version_ge "${v:-0}" "$QEMU_MIN"; then
		ok "qemu-system-riscv64 $v"
	else
		problem "qemu-system-riscv64 is version ${v:-unknown}; Kite needs $QEMU_MIN or later" \
			"sudo apt-get install qemu-system-misc"
	fi
else
	problem "qemu-system-riscv64 is not on PATH" "sudo apt-get install qemu-system-misc"
fi

if [ -e /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ] ||
	[ -e /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin ]; then
	ok "OpenSBI firmware"
else
	problem "no OpenSBI firmware for QEMU's -bios default" "sudo apt-get install opensbi"
fi

if command -v gdb-multiarch >/dev/null 2>&1; then
	ok "gdb-multiarch"
else
	problem "gdb-multiarch is not on PATH (make qemu-gdb, grade test gdb_trace_traps)" \
		"sudo apt-get install gdb-multiarch"
fi

if command -v python3 >/dev/null 2>&1; then
	v=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	if version_ge "$v" "$PYTHON_MIN"; then
		ok "python3 $v"
	else
		problem "python3 is version $v; make grade needs $PYTHON_MIN or later" "sudo apt-get install python3"
	fi
else
	problem "python3 is not on PATH (make grade)" "sudo apt-get install python3"
fi

if command -v gcc >/dev/null 2>&1 && [ -e /usr/include/stdio.h ]; then
	ok "host gcc (mkfs, fsck and the host tests)"
else
	problem "no host C compiler with its C library" "sudo apt-get install gcc libc6-dev"
fi

free_mb=$(df -Pm "$here/.." | awk 'NR == 2 { print $4 }')
if [ "${free_mb:-0}" -ge "$MIN_DISK_MB" ]; then
	ok "${free_mb} MiB free on the disk"
else
	problem "only ${free_mb:-0} MiB free on the disk; the build and the tests need $MIN_DISK_MB" \
		"make clean   (or free space on $(df -P "$here/.." | awk 'NR == 2 { print $6 }'))"
fi

if command -v python3 >/dev/null 2>&1; then
	start=$(make -s -C "$here/.." print-gdbport 2>/dev/null)
	if port=$(python3 "$here/freeport.py" "${start:-25000}" 2>/dev/null); then
		ok "a free gdb port ($port)"
	else
		problem "no free TCP port for make qemu-gdb's gdb stub near ${start:-25000}" \
			"make qemu-gdb GDBPORT=NUMBER   (any free port)"
	fi
fi

if [ "$problems" -eq 0 ]; then
	echo "doctor: no problems: make qemu and make grade are ready"
	exit 0
fi
echo "doctor: $problems problem(s); or install all that Kite needs with: make deps"
exit 1

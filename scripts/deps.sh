#!/usr/bin/env bash
# deps.sh: install what Kite's build, run and test need on a Debian machine,
# and only what is missing.  `make qemu`, `make grade` (and the other goals
# that run QEMU) call it before the Makefile looks for the compiler; `make
# deps` runs it alone.
#
#   deps.sh           install the missing packages (apt-get, with sudo if not root)
#   deps.sh --check   install nothing: print one line naming what is missing
#                     and how to get it, and exit 1 if anything is
#   deps.sh --demo    only what `make demo` records with, an optional group
#                     nothing else needs: asciinema (Debian) and svg-term-cli
#                     (npm, with Debian's npm)
set -eu

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive

if [ "${1:-}" = --demo ]; then
	demo=()
	command -v asciinema >/dev/null 2>&1 || demo+=(asciinema)
	command -v npm >/dev/null 2>&1 || demo+=(npm)
	if [ ${#demo[@]} -gt 0 ]; then
		echo "deps: installing ${demo[*]} (for make demo)"
		$SUDO apt-get update -qq
		$SUDO apt-get install -y -qq --no-install-recommends "${demo[@]}"
	fi
	if ! command -v svg-term >/dev/null 2>&1; then
		echo "deps: installing svg-term-cli from npm (for make demo)"
		$SUDO npm install -g --no-fund --no-audit svg-term-cli
	fi
	exit 0
fi

need=()
# A RISC-V bare-metal GCC: Debian's gcc-riscv64-unknown-elf, or any other
# riscv64 GCC already on PATH.
[ -n "$(sh "$(dirname "$0")/toolprefix.sh")" ] || need+=(gcc-riscv64-unknown-elf)
command -v qemu-system-riscv64 >/dev/null 2>&1 || need+=(qemu-system-misc)
# OpenSBI: QEMU's `-bios default` loads the firmware it was packaged with.
[ -e /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ] ||
	[ -e /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin ] ||
	dpkg -s opensbi >/dev/null 2>&1 || need+=(opensbi)
command -v gdb-multiarch >/dev/null 2>&1 || need+=(gdb-multiarch)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# The host compiler builds mkfs and fsck; libc6-dev is its C library.
command -v gcc >/dev/null 2>&1 || need+=(gcc)
[ -e /usr/include/stdio.h ] || need+=(libc6-dev)
command -v make >/dev/null 2>&1 || need+=(make)
# make grade checks the C layout against .clang-format (grade test format).
command -v clang-format >/dev/null 2>&1 || need+=(clang-format)

if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi

if [ "${1:-}" = --check ]; then
	echo "kite: missing ${need[*]}: run 'make deps' (or: sudo apt-get install ${need[*]})" >&2
	exit 1
fi

echo "deps: installing ${need[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"

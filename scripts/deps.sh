#!/usr/bin/env bash
# Installs what Kite's build, run and test need on a Debian machine, and only
# what is missing.  Called by `make deps`, and first by `make qemu` / `make grade`.
set -eu

need=()
# A RISC-V bare-metal GCC: Debian's gcc-riscv64-unknown-elf, or any other
# riscv64 GCC already on PATH (the Makefile finds it the same way).
if ! command -v riscv64-unknown-elf-gcc >/dev/null 2>&1 &&
   ! command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 &&
   ! command -v riscv64-elf-gcc >/dev/null 2>&1; then
	need+=(gcc-riscv64-unknown-elf)
fi
command -v qemu-system-riscv64 >/dev/null 2>&1 || need+=(qemu-system-misc)
# OpenSBI: QEMU's `-bios default` loads the firmware it was packaged with.
[ -e /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ] ||
	[ -e /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin ] ||
	dpkg -s opensbi >/dev/null 2>&1 || need+=(opensbi)
command -v gdb-multiarch >/dev/null 2>&1 || need+=(gdb-multiarch)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v make >/dev/null 2>&1 || need+=(make)

if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi

echo "deps: installing ${need[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"

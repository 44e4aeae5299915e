#!/bin/sh
# toolprefix.sh: print the prefix of the RISC-V GCC to build Kite with
# (Debian's bare-metal riscv64-unknown-elf-, or another riscv64 GCC on PATH),
# or nothing if there is none.  The Makefile and scripts/deps.sh both ask here.
for p in riscv64-unknown-elf- riscv64-linux-gnu- riscv64-elf-; do
	if command -v "${p}gcc" >/dev/null 2>&1; then
		echo "$p"
		exit 0
	fi
done

#!/usr/bin/env bash
# Turn a Kite panic backtrace into function names.
#
#   scripts/backtrace.sh [KERNEL] < console.log     (reads the "backtrace:" lines)
#   scripts/backtrace.sh [KERNEL] 0x80201234 ...     (addresses as arguments)
#
# Each printed address is a return address, i.e. the instruction after the
# call; we look up address-1 so that a call that ends a function (a call to
# a noreturn function such as panic) is attributed to its caller, not to
# whatever function follows it in memory.
set -eu
kernel=kernel/kernel
if [ $# -gt 0 ] && [ -f "$1" ]; then
	kernel=$1
	shift
fi
for p in riscv64-unknown-elf- riscv64-linux-gnu- riscv64-elf-; do
	if command -v ${p}addr2line >/dev/null 2>&1; then a2l=${p}addr2line; break; fi
done
if [ $# -gt 0 ]; then
	addrs="$*"
else
	addrs=$(sed -n '/^backtrace:/,/^kite: halted/p' | grep -o '0x[0-9a-f]*')
fi
for a in $addrs; do
	printf '%s: ' "$a"
	"$a2l" -f -p -e "$kernel" "$(printf '0x%x' $(($a - 1)))"
done

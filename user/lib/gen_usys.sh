#!/bin/sh
# gen_usys.sh SYSCALL_H: print the user-space system-call stubs, one global
# function per "#define SYS_name N" line.  Each stub loads the call number
# into a7 and traps; the arguments are already in a0..a5 where the C calling
# convention put them, and the kernel leaves the result in a0.
set -e
hdr=${1:-kernel/syscall.h}
echo "/* Generated from $hdr by user/lib/gen_usys.sh: do not edit. */"
echo '#include "kernel/syscall.h"'
echo '	.text'
sed -n 's/^#define[ 	][ 	]*SYS_\([a-z0-9_]*\)[ 	].*/\1/p' "$hdr" |
while read -r name; do
	printf '\t.globl %s\n\t.type %s, @function\n' "$name" "$name"
	printf '%s:\n\tli a7, SYS_%s\n\tecall\n\tret\n' "$name" "$name"
	printf '\t.size %s, .-%s\n' "$name" "$name"
done

#!/bin/sh
# gen_usys.sh SYSCALL_H: print the user-space system-call stubs, one global
# function per "#define SYS_name N" line, named name, or NAME when the
# line's comment starts with "stub NAME:".  Each stub loads the call number
# into a7 and traps; the arguments are already in a0..a5 where the C calling
# convention put them, and the kernel leaves the result in a0.  A result in
# [-ERRNO_MAX, -1] is an error: the stub jumps to syscall_error (lib/errno.c),
# which sets errno and returns -1 to the stub's caller.  (A call that does
# not come back, such as sigreturn, never reaches the check.)
set -e
hdr=${1:-kernel/syscall.h}
echo "/* Generated from $hdr by user/lib/gen_usys.sh: do not edit. */"
echo '#include "kernel/syscall.h"'
echo '#include "kernel/errno.h"'
echo '	.text'
# Each line becomes "CALL STUB".
sed -n -e 's/^#define[ 	][ 	]*SYS_\([a-z0-9_]*\)[ 	].*\/\*[ 	]*stub[ 	][ 	]*\([a-z0-9_]*\):.*/\1 \2/p' \
	-e 's/^#define[ 	][ 	]*SYS_\([a-z0-9_]*\)[ 	].*/\1 \1/p' "$hdr" |
while read -r call stub; do
	printf '\t.globl %s\n\t.type %s, @function\n' "$stub" "$stub"
	printf '%s:\n\tli a7, SYS_%s\n\tecall\n' "$stub" "$call"
	# Unsigned compare: a0 < -ERRNO_MAX exactly when a0 is not in
	# [-ERRNO_MAX, -1].  The error path is a tail call (auipc + jr): a
	# branch reaches only 4 KiB, and syscall_error is in another object.
	printf '\tli t0, -ERRNO_MAX\n\tbltu a0, t0, 1f\n\ttail syscall_error\n1:\tret\n'
	printf '\t.size %s, .-%s\n' "$stub" "$stub"
done

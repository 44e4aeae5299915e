/*
 * optx.h: the transaction helpers that the files implementing fsops.h
 * (fsops.c, rename.c, getcwd.c) share.  Internal to fs/.
 */
#ifndef KITE_FS_OPTX_H
#define KITE_FS_OPTX_H

#define NLINK_MAX 32767 /* dinode.nlink is a short */
#define NO_TX 1         /* op_begin: read-only file system, lookups only */

/*
 * A transaction for an operation (begin_op): 0, or NO_TX when the file
 * system is read-only and the operation only looks (!writes), or -E_ROFS.
 */
int op_begin(int writes);
/* End it (tok from op_begin); a failed commit overrides a success. */
int op_end(int tok, int result);

#endif

/*
 * balloc.h: the free-block bitmap.  Both calls must run inside a
 * transaction (begin_op/end_op): they change bitmap blocks via the log.
 */
#ifndef KITE_FS_BALLOC_H
#define KITE_FS_BALLOC_H

#include "../abi/types.h"

/*
 * Allocate a zeroed data block, preferring the first free one at or after
 * `near` (0: anywhere).  0 with *out set, -E_NOSPC or -E_IO.
 */
int balloc(uint dev, uint near, uint *out);
/* Free data block b: 0, -E_CORRUPT (not a data block, or already free), -E_IO. */
int bfree(uint dev, uint b);

#endif

/*
 * bmap.h: where a file's blocks are (direct, single- and double-indirect).
 * The inode must be locked.  Calls that allocate or free must run inside
 * a transaction.
 */
#ifndef KITE_FS_BMAP_H
#define KITE_FS_BMAP_H

#include "../abi/types.h"

struct inode;

/*
 * The disk address of file block bn in *out.  alloc = 0: just look (a
 * hole gives 0); alloc = 1: allocate missing blocks (in a transaction;
 * the caller writes the inode with iupdate).  0, -E_FBIG (bn >= MAXFILE),
 * -E_CORRUPT (an address outside the data area), -E_NOSPC or -E_IO.
 */
int bmap(struct inode *ip, uint bn, int alloc, uint *out);
/*
 * The disk addresses of file blocks bn .. bn + n - 1 in out[] (0: a
 * hole), without allocating: as n bmap calls, but each indirect block is
 * read once for all the blocks it names.  0 or bmap's errors.
 */
int bmap_run(struct inode *ip, uint bn, uint n, uint *out);
/*
 * The indirect block that names file block bn in *out (the one bmap_run
 * reads for it): 0 for a direct block or a hole on the way.  Reads the
 * double-indirect block if bn is under it.  0 or bmap's errors.
 */
int bmap_leaf(struct inode *ip, uint bn, uint *out);
/* Free all of ip's blocks, size 0 (in a transaction).  0 or the first error. */
int itrunc(struct inode *ip);
/*
 * Shrink ip to size bytes (at most its size): free the blocks past it and
 * zero the rest of the last kept block (in a transaction, which one
 * freeing touches at most a few indirect and bitmap blocks).  0 or the
 * first error.
 */
int itrunc_to(struct inode *ip, uint size);

#endif

/*
 * idata.h: reading and writing a file's bytes.  The inode must be locked;
 * writei must run inside a transaction and may touch at most
 * WRITE_TX_DATA_BLOCKS file blocks (callers split bigger writes).
 */
#ifndef KITE_FS_IDATA_H
#define KITE_FS_IDATA_H

#include "../abi/types.h"
#include "../abi/param.h"

struct inode;

/*
 * Worst case for one writei of D blocks: D data blocks, up to D + 3
 * bitmap blocks (one per allocation, indirect blocks included), 4
 * indirect blocks changed, the inode's block: 2D + 8 <= MAXOPBLOCKS.
 */
#define WRITE_TX_OVERHEAD 8
#define WRITE_TX_DATA_BLOCKS ((MAXOPBLOCKS - WRITE_TX_OVERHEAD) / 2)

/*
 * Copy up to n bytes at off to dst (a user address if user_dst).  Holes
 * read as zeros; reads stop at the end of the file.  Bytes read, or an
 * error (-E_IO, -E_CORRUPT, -E_FAULT) if none were.
 */
int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
/*
 * Copy n bytes from src to off, allocating blocks and growing the file
 * (writing past the end leaves a hole).  Bytes written, or an error if
 * none were: -E_FBIG at MAXFILE blocks, -E_NOSPC, -E_IO, -E_CORRUPT,
 * -E_FAULT.
 */
int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);

#endif

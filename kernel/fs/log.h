/*
 * log.h: the write-ahead log that makes file-system operations atomic.
 *
 * Every operation that changes the disk runs between begin_op() and
 * end_op() and changes blocks only through log_write() (never bwrite).
 * An operation may dirty at most MAXOPBLOCKS distinct blocks.  Operations
 * that overlap in time commit together (group commit) when the last of
 * them ends.  After an I/O error while committing, the log turns the file
 * system read-only: begin_op() fails with -E_ROFS from then on.
 */
#ifndef KITE_FS_LOG_H
#define KITE_FS_LOG_H

#include "../abi/types.h"
#include "fs/fs.h"

struct buf;

/*
 * Set up the log described by sb and replay any committed transaction
 * found in it.  0, -E_IO or -E_CORRUPT (a damaged log header).
 */
int log_init(uint dev, const struct superblock *sb);
/* Start an operation; may sleep.  0, or -E_ROFS once read-only. */
int begin_op(void);
/*
 * End an operation; the last one out commits.  0, or -E_IO if this call
 * committed and the commit failed (the file system is read-only now).
 */
int end_op(void);
/*
 * End an operation that the caller follows at once with another one (the
 * chunks of one large write()).  While the log has room for a further
 * operation the commit is left to a later end_op(), so a 64 KiB write
 * costs one commit, not two; the caller's final chunk must use end_op().
 */
int end_op_more(void);
/*
 * Wait until every operation that ended before this call is committed
 * (committing it here if no operation is left to do so).  0: on the
 * disk, replayed at the next mount if a crash comes first; -E_IO if a
 * commit failed (the file system is read-only).  Not inside an operation.
 */
int log_sync(void);
/* Record that locked buffer b was changed by the current operation. */
void log_write(struct buf *b);
int log_readonly(void);
/*
 * Run fn(first, n, arg) with n log slots (blocks first..first+n-1, one
 * half's) free for the caller to overwrite: waits until no operation
 * runs and nothing waits to be committed, keeps operations out meanwhile,
 * and makes the last commits' installs durable first.  fn's result,
 * -E_IO or -E_ROFS.  For the device-limit loop (fs/diskbench.c).
 */
int log_with_slots(int (*fn)(uint first, uint n, void *arg), void *arg);
/*
 * Wait until no operation runs and nothing waits to be committed, then
 * for the last commit's installs (which its committer does not wait for),
 * and release their buffers: afterwards every committed block is on the
 * disk at home (durable only after the next flush) and no buffer is
 * pinned.  0, -E_IO (an install failed: read-only now) or -E_ROFS.
 */
int log_settle(void);
uint64 log_commits(void);
/*
 * Called after an abandoned commit, with no locks held, to drop in-memory
 * copies of disk state (the inode cache) that the lost transaction changed.
 */
void log_set_abort_hook(void (*fn)(void));
/*
 * Have the end_op() that commits the first change after this call run fn
 * once, after its commit, with no locks held; fn may run operations of
 * its own.  Mount uses it to free orphans.
 */
void log_set_first_change_hook(void (*fn)(void));
/*
 * Leave read-only mode: forget the in-memory log, replay what the disk's
 * log holds (as at mount).  Only when no operation is running (tests).
 */
int log_restart(void);

#endif

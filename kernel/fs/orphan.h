/*
 * orphan.h: freeing, at mount, the inodes that were unlinked while still
 * open when the system stopped (crash, power cut or halt).
 */
#ifndef KITE_FS_ORPHAN_H
#define KITE_FS_ORPHAN_H

/*
 * Free every allocated inode with no links (and its blocks), one
 * transaction each; one console line if any, or if it fails.  Run once
 * per mount, after the first commit of a change (log_set_first_change_hook):
 * orphans have no names, so nothing can use them meanwhile, and neither
 * ialloc nor balloc hands out what they hold.
 */
void orphan_reclaim(void);
#endif

/*
 * orphan.h: freeing, at mount, the inodes that were unlinked while still
 * open when the system stopped (crash, power cut or halt).
 */
#ifndef KITE_FS_ORPHAN_H
#define KITE_FS_ORPHAN_H

/*
 * Free every allocated inode with no links (and its blocks), one
 * transaction each; one console line if any.  Called by fs_mount after
 * the log replay, before any file is open.  The count freed, or -E_IO /
 * -E_ROFS.
 */
int orphan_free_all(void);

#endif

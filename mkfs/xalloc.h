/*
 * xalloc.h: allocation for the host tools, which stop on failure.  Each
 * tool (mkfs, fsck, fsupdate) defines tool_out_of_memory(): it says so in
 * the tool's own words and exits with the tool's own status.
 */
#ifndef KITE_MKFS_XALLOC_H
#define KITE_MKFS_XALLOC_H

#include <stddef.h>

/* calloc(n ? n : 1, size), never NULL. */
void *xcalloc(size_t n, size_t size);

__attribute__((noreturn)) void tool_out_of_memory(void);

#endif

/*
 * types.h: the fixed-width integer names used everywhere in Kite (kernel,
 * user programs and the host tools).  Same names as xv6-riscv, so xv6
 * programs that include "kernel/types.h" compile unchanged.
 */
#ifndef KITE_TYPES_H
#define KITE_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;

typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;

typedef signed char int8;
typedef short int16;
typedef int int32;
typedef long int64;

/* A page-table entry or a page-table page's address, as xv6 names it. */
typedef uint64 pde_t;

/* Sizes and file offsets (mmap's arguments in the 6.1810 mmap lab).  A
 * hosted build (mkfs, fsck) gets them from its C library instead. */
#if !__STDC_HOSTED__
typedef uint64 size_t;
typedef int64 off_t;
#endif

#endif

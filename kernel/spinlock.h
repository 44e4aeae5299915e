/*
 * spinlock.h: xv6's path for struct spinlock and acquire/release; Kite keeps
 * them in sync/spinlock.h.  Here so that programs written for xv6 that include
 * "kernel/spinlock.h" compile unchanged.
 */
#ifndef KITE_SPINLOCK_COMPAT_H
#define KITE_SPINLOCK_COMPAT_H

#include "sync/spinlock.h"

#endif

/*
 * sleeplock.h: xv6's path for struct sleeplock; Kite keeps
 * them in sync/sleeplock.h.  Here so that programs written for xv6 that include
 * "kernel/sleeplock.h" compile unchanged.
 */
#ifndef KITE_SLEEPLOCK_COMPAT_H
#define KITE_SLEEPLOCK_COMPAT_H

#include "sync/sleeplock.h"

#endif

/*
 * file.h: xv6's path for struct file and struct devsw (Kite keeps them in
 * fs/file.h) and the CONSOLE major number (devno.h).  Here so that programs
 * written for xv6 that include "kernel/file.h" compile unchanged.
 */
#ifndef KITE_FILE_COMPAT_H
#define KITE_FILE_COMPAT_H

#include "fs/file.h"
#include "devno.h"

#endif

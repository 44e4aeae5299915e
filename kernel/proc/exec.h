/* exec.h: replacing a process's program. */
#ifndef KITE_PROC_EXEC_H
#define KITE_PROC_EXEC_H

/*
 * Load the ELF executable at path (a kernel string) into a new address
 * space with argv (kernel strings, NULL-terminated, at most MAXARG) on its
 * stack, and switch the current process to it.  Returns argc (which lands
 * in a0), or a negative error with the old image untouched.
 */
int proc_exec(const char *path, char *const argv[]);

#endif

/* exec.h: replacing a process's program. */
#ifndef KITE_PROC_EXEC_H
#define KITE_PROC_EXEC_H

/*
 * Load the ELF executable at path (a kernel string) into a new address
 * space with argv and envp (kernel strings, NULL-terminated, at most
 * MAXARG and MAXENV; envp may be 0 for none) on its stack, and switch the
 * current process to it: main(argc, argv, envp) gets a1 = argv and
 * a2 = envp.  Returns argc (which lands in a0), or a negative error with
 * the old image untouched.
 */
int proc_exec(const char *path, char *const argv[], char *const envp[]);

#endif

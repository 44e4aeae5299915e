/*
 * sysdesc.c: the table of system-call descriptions (sysdesc.h).  A new
 * call gets a line here as well as its handler in syscall.c; without one
 * it still works, and tracing shows it by number.
 */
#include "syscall/sysdesc.h"
#include "../abi/syscall.h"

#define I ARG_INT
#define H ARG_HEX
#define F ARG_FD
#define P ARG_PTR
#define S ARG_STR

static const struct sysdesc table[NSYSCALL] = {
    [SYS_fork] = {"fork", {0}, RET_INT},
    [SYS_exit] = {"exit", {I}, RET_NONE},
    [SYS_wait] = {"wait", {P}, RET_INT},
    [SYS_pipe] = {"pipe", {P}, RET_INT},
    [SYS_read] = {"read", {F, ARG_BUF_OUT, I}, RET_INT},
    [SYS_kill] = {"kill", {I}, RET_INT},
    [SYS_exec] = {"exec", {S, ARG_ARGV}, RET_INT},
    [SYS_fstat] = {"fstat", {F, P}, RET_INT},
    [SYS_chdir] = {"chdir", {S}, RET_INT},
    [SYS_dup] = {"dup", {F}, RET_INT},
    [SYS_getpid] = {"getpid", {0}, RET_INT},
    [SYS_sbrk] = {"sbrk", {I, ARG_SBRKMODE}, RET_PTR},
    [SYS_sleep] = {"sleep", {I}, RET_INT},
    [SYS_uptime] = {"uptime", {0}, RET_INT},
    [SYS_open] = {"open", {S, ARG_OFLAGS}, RET_INT},
    [SYS_write] = {"write", {F, ARG_BUF_IN, I}, RET_INT},
    [SYS_mknod] = {"mknod", {S, I, I}, RET_INT},
    [SYS_unlink] = {"unlink", {S}, RET_INT},
    [SYS_link] = {"link", {S, S}, RET_INT},
    [SYS_mkdir] = {"mkdir", {S}, RET_INT},
    [SYS_close] = {"close", {F}, RET_INT},
    [SYS_symlink] = {"symlink", {S, S}, RET_INT},
    [SYS_sysinfo] = {"sysinfo", {P}, RET_INT},
    [SYS_procinfo] = {"procinfo", {P, I}, RET_INT},
    [SYS_halt] = {"halt", {0}, RET_INT},
    [SYS_consmode] = {"consmode", {I}, RET_INT},
    [SYS_kstats] = {"kstats", {P}, RET_INT},
    [SYS_diskbench] = {"diskbench", {I, H}, RET_INT},
    [SYS_ignintr] = {"ignintr", {I}, RET_INT},
    [SYS_trace] = {"trace", {H}, RET_INT},
    [SYS_sigalarm] = {"sigalarm", {I, P}, RET_INT},
    [SYS_sigreturn] = {"sigreturn", {0}, RET_INT},
    [SYS_pgpte] = {"pgpte", {P}, RET_HEX},
    [SYS_kpgtbl] = {"kpgtbl", {0}, RET_INT},
    [SYS_mmap] = {"mmap", {P, H, H, H, F, H}, RET_PTR},
    [SYS_munmap] = {"munmap", {P, H}, RET_INT},
    [SYS_mprotect] = {"mprotect", {P, H, H}, RET_INT},
    [SYS_msync] = {"msync", {P, H, H}, RET_INT},
    [SYS_pcstats] = {"pcstats", {P}, RET_INT},
    [SYS_lseek] = {"lseek", {F, I, I}, RET_INT},
    [SYS_ftruncate] = {"ftruncate", {F, I}, RET_INT},
    [SYS_fsync] = {"fsync", {F}, RET_INT},
    [SYS_rename] = {"rename", {S, S}, RET_INT},
    [SYS_getcwd] = {"getcwd", {ARG_BUF_OUT, I}, RET_INT},
    [SYS_interpose] = {"interpose", {H, S}, RET_INT},
    [SYS_cpupin] = {"cpupin", {I}, RET_INT},
    [SYS_rwlktest] = {"rwlktest", {0}, RET_INT},
    [SYS_lockstat] = {"lockstat", {ARG_BUF_OUT, I}, RET_INT},
    [SYS_tracefd] = {"tracefd", {F}, RET_INT},
    [SYS_thread_create] = {"thread_create", {P, P, P}, RET_INT},
    [SYS_gettid] = {"gettid", {0}, RET_INT},
    [SYS_thread_exit] = {"thread_exit", {I}, RET_NONE},
    [SYS_thread_join] = {"thread_join", {I, P}, RET_INT},
    [SYS_futex_wait] = {"futex_wait", {P, I, I}, RET_INT},
    [SYS_futex_wake] = {"futex_wake", {P, I}, RET_INT},
};

const struct sysdesc *sysdesc(uint64 num)
{
	return num < NSYSCALL && table[num].name ? &table[num] : 0;
}

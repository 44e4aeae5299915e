"""Errors with causes: the kernel's error numbers reach errno, and the
library, the shell and the utilities say them in the POSIX wording."""

from grade import check, test
from test_user import boot, cmd

# What errtest provokes, and the errno and message POSIX (and Linux's
# numbering) give for it.
EXPECTED = [
    ("enoent", 2, "No such file or directory"),
    ("eexist", 17, "File exists"),
    ("enotdir", 20, "Not a directory"),
    ("eisdir", 21, "Is a directory"),
    ("enotempty", 39, "Directory not empty"),
    ("ebadf", 9, "Bad file descriptor"),
    ("efault", 14, "Bad address"),
    ("efault_utimes", 14, "Bad address"),
    ("efault_statfs", 14, "Bad address"),
    ("efault_write", 14, "Bad address"),
    ("einval_utimes", 22, "Invalid argument"),
    ("enoent_statfs", 2, "No such file or directory"),
    ("eloop", 40, "Too many levels of symbolic links"),
    ("enametoolong", 36, "File name too long"),
    ("enoexec", 8, "Exec format error"),
    ("efault_execve", 14, "Bad address"),
    ("e2big_execve", 7, "Argument list too long"),
    ("esrch", 3, "No such process"),
    ("echild", 10, "No child processes"),
    ("enomem", 12, "Out of memory"),
]
ENOSYS = 38


@test("errno_causes", timeout=240)
def _():
    q = boot()
    out = cmd(q, "errtest")
    check("errtest done" in out, "errtest did not finish: %r" % out)
    check("success errno=0" in out, "a call that succeeds changed errno: %r" % out)
    for name, num, msg in EXPECTED:
        check("%s ret=-1 errno=%d" % (name, num) in out,
              "%s: expected -1 and errno %d: %r" % (name, num, out))
        check("%s: %s" % (name, msg) in out,
              "%s: perror should say %r: %r" % (name, msg, out))
    check("efault_write blocks_kept=0" in out,
          "a write that faulted past the end kept a block past the size: %r" % out)
    check("enosys raw=-%d" % ENOSYS in out,
          "an unknown call should put -ENOSYS in a0: %r" % out)
    check("strerror unknown=Unknown error 4000" in out, "strerror of an unknown number: %r" % out)


@test("errno_in_tools", timeout=240)
def _():
    q = boot()
    out = cmd(q, "cat nosuch")
    check("cat: nosuch: No such file or directory" in out, "cat: %r" % out)
    cmd(q, "mkdir dd")
    out = cmd(q, "mkdir dd")
    check("mkdir: dd: File exists" in out, "mkdir of an existing name: %r" % out)
    out = cmd(q, "echo x > dd")
    check("sh: dd: Is a directory" in out, "redirect onto a directory: %r" % out)
    out = cmd(q, "README")
    check("sh: README: Exec format error" in out, "running a text file: %r" % out)
    out = cmd(q, "nosuchprog")
    check("sh: nosuchprog: not found" in out, "a missing program: %r" % out)

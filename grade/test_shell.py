"""The shell's language: variables and $?, && and ||, redirections of
descriptors, here-documents, globbing, ~, cd -, scripts with arguments,
if/while/for, test, read, jobs, long lines, and the line editor's keys.

Each test boots Kite and types at the shell as a person would."""

import re

from grade import check, test
from test_user import PROMPT, PROMPT2, boot, cmd, lines_of

LEFT, RIGHT, HOME, END, DELETE = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x1b[3~"


@test("shell_variables_and_status", timeout=240)
def _():
    q = boot()
    out = cmd(q, "x=hello; echo $x ${x}world \"$x  x\" '$x'")
    check("hello helloworld hello  x $x" in out, "variables and quotes: %r" % out)
    out = cmd(q, "false; echo status=$?")
    check("status=1" in out, "$? after false: %r" % out)
    out = cmd(q, "nosuchprog; echo status=$?")
    check("status=127" in out, "$? of a missing program: %r" % out)
    out = cmd(q, "sh -c 'exit 7'; echo status=$?")
    check("status=7" in out, "exit N: %r" % out)
    out = cmd(q, "true && echo and-yes || echo and-no")
    check("and-yes" in out and "and-no" not in out, "&&: %r" % out)
    out = cmd(q, "false && echo and-yes || echo or-yes")
    check("or-yes" in out and "and-yes" not in out, "||: %r" % out)
    out = cmd(q, "y=1 z=2; echo $y$z; unset y; echo [$y]")
    check("12" in out and "[]" in out, "several assignments, unset: %r" % out)
    out = cmd(q, "echo ~ ~/x; HOME=/d; echo ~/x")
    check("/ /x\n/d/x" in out, "~: %r" % out)
    out = cmd(q, "echo pid=$$")
    check(re.search(r"pid=\d+", out), "$$: %r" % out)


@test("shell_environment", timeout=240)
def _():
    """export and NAME=value before a command reach the program's
    environment through exec; env shows, changes and clears it."""
    q = boot()
    out = cmd(q, "FOO=bar env; echo after; env")
    head, _, tail = out.partition("after")
    check(re.search(r"^FOO=bar$", head, re.M), "FOO=bar env: %r" % out)
    check("FOO=" not in tail, "an assignment before a command is for it alone: %r" % out)
    out = cmd(q, "export GREET=hi; env | grep GREET; sh -c 'echo inner=$GREET'")
    check(re.search(r"^GREET=hi$", out, re.M) and "inner=hi" in out, "export reaches children: %r" % out)
    out = cmd(q, "GREET=again; sh -c 'echo inner=$GREET'")
    check("inner=again" in out, "a new value of an exported variable: %r" % out)
    out = cmd(q, "x=local; sh -c 'echo inner=[$x]'")
    check("inner=[]" in out, "a variable not exported stays in the shell: %r" % out)
    out = cmd(q, "unset GREET; env | grep -c GREET")
    check(re.search(r"^0$", out, re.M), "unset removes it from the environment: %r" % out)
    out = cmd(q, "export A1=x B2=y; env -i C3=z env; echo ==; env -u A1 env | grep -c A1")
    head, _, tail = out.partition("==")
    check(re.search(r"^C3=z$", head, re.M) and "A1=" not in head and "B2=" not in head,
          "env -i starts empty: %r" % out)
    check(re.search(r"^0$", tail, re.M), "env -u removes a name: %r" % out)
    out = cmd(q, "env nosuch; echo status=$?")
    check("env: nosuch: No such file or directory" in out and "status=127" in out, "env of a missing program: %r" % out)
    out = cmd(q, "export | grep A1")
    check("export A1='x'" in out, "export alone lists the exported variables: %r" % out)


@test("shell_redirect_fds", timeout=240)
def _():
    q = boot()
    cmd(q, "cat /nosuch 2> err.txt")
    out = cmd(q, "cat err.txt")
    check("cat: /nosuch: No such file or directory" in out, "2> file: %r" % out)
    out = cmd(q, "cat /nosuch 2>&1 | grep -c nosuch || cat /nosuch 2>&1 | wc")
    check("1" in out, "2>&1 into a pipe: %r" % out)
    out = cmd(q, "echo to-stderr >&2 | wc")
    check("to-stderr" in out and "0 0 0" in out, ">&2 bypasses the pipe: %r" % out)
    cmd(q, "echo one > two.txt; echo more >> two.txt")
    out = cmd(q, "cat < two.txt")
    check(lines_of(out)[-2:] == ["one", "more"], "> >> <: %r" % out)
    out = cmd(q, "echo x > /nosuchdir/f; echo status=$?")
    check("sh: /nosuchdir/f: No such file or directory" in out and "status=1" in out,
          "a failed redirection: %r" % out)


@test("shell_heredoc", timeout=240)
def _():
    q = boot()
    cmd(q, "name=world")
    q.sendline("cat <<EOF")
    q.expect(PROMPT2, timeout=30)
    q.sendline("hello $name")
    q.expect(PROMPT2, timeout=30)
    q.sendline("second line")
    q.expect(PROMPT2, timeout=30)
    out = cmd(q, "EOF")
    check("hello world\nsecond line" in out.replace("\r", ""), "here-document: %r" % out)
    q.sendline("cat <<'END' | wc")
    q.expect(PROMPT2, timeout=30)
    q.sendline("$name")
    q.expect(PROMPT2, timeout=30)
    out = cmd(q, "END")
    check("1 1 6" in out, "quoted delimiter, no expansion, into a pipe: %r" % out)


@test("shell_globbing", timeout=240)
def _():
    q = boot()
    cmd(q, "mkdir g; cd g; echo > b.c; echo > a.c; echo > c.h; mkdir sub; echo > sub/x.c")
    out = cmd(q, "echo *.c")
    check("a.c b.c" in out, "*.c, sorted: %r" % out)
    out = cmd(q, "echo ?.h [ab].c [!a].c")
    check("c.h a.c b.c b.c" in out, "? and [...]: %r" % out)
    out = cmd(q, "echo '*.c' \\*.c nomatch*")
    check("*.c *.c nomatch*" in out, "quoted or unmatched patterns stay: %r" % out)
    out = cmd(q, "echo */*.c /g/s*")
    check("sub/x.c /g/sub" in out, "patterns in several components: %r" % out)
    out = cmd(q, "for f in *.c; do echo file-$f; done")
    check(lines_of(out)[-2:] == ["file-a.c", "file-b.c"], "for over a glob: %r" % out)


@test("shell_cd_pwd", timeout=240)
def _():
    q = boot()
    cmd(q, "mkdir -p d1 || mkdir d1")
    cmd(q, "mkdir d1/d2")
    out = cmd(q, "cd d1/d2; pwd")
    check(lines_of(out)[-1:] == ["/d1/d2"], "pwd: %r" % out)
    out = cmd(q, "cd ..; pwd; cd -")
    check(lines_of(out)[-2:] == ["/d1", "/d1/d2"], "cd .. and cd -: %r" % out)
    out = cmd(q, "cd /nosuch; echo status=$?")
    check("sh: cd: /nosuch: No such file or directory" in out and "status=1" in out,
          "cd to a missing directory: %r" % out)


SCRIPT = """\
echo args=$# first=$1 second=$2
for a in "$@"; do echo arg:$a; done
if [ "$1" = one ]; then echo then-branch; else echo else-branch; fi
if test $# -gt 5; then echo many; elif [ -f /README ]; then echo elif-branch; fi
while read line; do
    echo read:$line
done <<EOF
alpha
beta
EOF
for i in 1 2 3 4; do
    if [ $i -eq 2 ]; then continue; fi
    if [ $i -eq 4 ]; then break; fi
    echo loop:$i
done
until true; do echo never; done
shift
echo after-shift=$1
exit 3
"""


@test("shell_script", timeout=240)
def _():
    q = boot()
    q.sendline("cat > s.sh <<'END'")
    for line in SCRIPT.splitlines():
        q.expect(PROMPT2, timeout=30)
        q.sendline(line)
    q.expect(PROMPT2, timeout=30)
    cmd(q, "END")
    out = cmd(q, "sh s.sh one 'two words'; echo status=$?")
    want = ["args=2 first=one second=two words", "arg:one", "arg:two words", "then-branch",
            "elif-branch", "read:alpha", "read:beta", "loop:1", "loop:3",
            "after-shift=two words", "status=3"]
    check(lines_of(out)[-len(want):] == want, "script: %r" % out)
    cmd(q, "echo 'if true; then echo x' > bad.sh")
    out = cmd(q, "sh bad.sh; echo status=$?")
    check("sh: syntax error: unexpected end of file" in out and "status=2" in out,
          "a script with an open if: %r" % out)
    out = cmd(q, "echo fi-alone; fi")
    check("sh: syntax error: unexpected 'fi'" in out, "fi without if: %r" % out)
    out = cmd(q, "break")
    check("only meaningful in a loop" in out, "break outside a loop: %r" % out)


@test("shell_jobs", timeout=240)
def _():
    q = boot()
    out = cmd(q, "sleep 30 &")
    check(re.search(r"\[1\] \d+", out), "[N] PID: %r" % out)
    out = cmd(q, "jobs")
    check("[1]+ Running  sleep 30" in out, "jobs: %r" % out)
    out = cmd(q, "sleep 1 & wait %2; echo waited")
    check("waited" in out, "wait: %r" % out)
    out = cmd(q, "wait %9")
    check("no such job" in out, "wait for a job that does not exist: %r" % out)


@test("shell_long_line", timeout=240)
def _():
    q = boot()
    word = "x" * 2000
    out = cmd(q, "echo %s | wc" % word, timeout=120)
    check("1 1 2001" in out, "a 2 KiB command line: %r" % out[-200:])
    q.mark()
    q.sendline("echo %s | wc" % ("y" * 4200))
    m = q.expect(re.compile(r"\n\$ "), timeout=120)
    check("1 1 " not in q.output[-300:], "a line over 4 KiB must not run")


@test("shell_editor_keys", timeout=240)
def _():
    q = boot()
    q.mark()
    q.send("echo ac" + LEFT + "b\n")
    q.expect("abc\n", timeout=30)
    q.expect(PROMPT, timeout=30)
    q.send("cho home" + HOME + "e" + END + "-end\n")
    q.expect("home-end\n", timeout=30)
    q.expect(PROMPT, timeout=30)
    q.send("echo abXc" + LEFT + LEFT + DELETE + "\n")
    q.expect("\nabc\n", timeout=30)
    q.expect(PROMPT, timeout=30)
    cmd(q, "echo hi > 'my file'")
    q.send("cat my\t\n")                         # Tab quotes the space it completes
    q.expect("\nhi\n", timeout=30)


@test("shell_job_status", timeout=240)
def _():
    q = boot()
    out = cmd(q, "sleep 30 &")
    m = re.search(r"\[1\] (\d+)", out)
    check(m, "[1] PID: %r" % out)
    pid = m.group(1)
    out = cmd(q, "jobs -p; jobs -l")
    check(lines_of(out)[:2] == [pid, "[1]+ %s Running  sleep 30" % pid], "jobs -p, jobs -l: %r" % out)
    out = cmd(q, "kill %1; wait %1; echo status=$?")
    check("status=143" in out, "wait for a job killed by SIGTERM: 128 + 15: %r" % out)
    out = cmd(q, "echo after")
    check("Terminated" not in out, "a job waited for is not reported again: %r" % out)
    out = cmd(q, "sh -c 'exit 3' & wait %1; echo status=$?")
    check("status=3" in out, "wait %%N gives the job's status: %r" % out)
    out = cmd(q, "sh -c 'kill -USR1 $$'; echo status=$?")
    check("User defined signal 1\nstatus=138" in out, "the signal's description, then $?: %r" % out)
    # A script has no job control: Ctrl-C ends it with its foreground
    # command, and its background job, which ignores SIGINT, lives on.
    cmd(q, "echo 'sleep 40 & echo started; sleep 100; echo not-reached' > s.sh")
    q.mark()
    q.sendline("sh s.sh")
    q.expect("started", timeout=30)
    q.wait_quiet(quiet=2)
    q.send("\x03")
    q.expect(PROMPT, timeout=60)
    out = cmd(q, "echo status=$?")
    check("status=130" in out, "a script ended by Ctrl-C: %r" % out)
    check("\nnot-reached" not in q.output, "the script did not go on")
    out = cmd(q, "ps")
    check(re.search(r"\d+\s+1\s+sleep\s+\d+\s+sleep\b", out),
          "the script's background sleep survived Ctrl-C (reparented to init): %r" % out)

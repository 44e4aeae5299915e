"""The screen editor, edit FILE: typed at as a person would, key by key.

Keys go in as the bytes a terminal sends (arrows as ANSI escape
sequences), in small bursts with a pause for the editor to redraw; what a
session leaves on the disk is then checked with cat at the shell.
"""

import re

from grade import check, test
from test_user import PROMPT, boot, cmd, lines_of

UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
HOME, END, DELETE = "\x1b[H", "\x1b[F", "\x1b[3~"
PAGE_UP, PAGE_DOWN = "\x1b[5~", "\x1b[6~"
BACKSPACE = "\x7f"
CUT, PASTE, SEARCH = "\x0b", "\x15", "\x17"      # Ctrl-K, Ctrl-U, Ctrl-W
SAVE, SAVE_AS, QUIT = "\x13", "\x0f", "\x11"     # Ctrl-S, Ctrl-O, Ctrl-Q
CANCEL, ERASE_ANSWER = "\x03", "\x15"            # Ctrl-C; Ctrl-U in a question
CLEAR_SCREEN = "\x1b[2J"


def keys(q, text):
    """Type text and wait until the editor has drawn what it did."""
    q.send(text)
    q.wait_quiet(quiet=1)


def start(q, path, expect):
    q.mark()
    q.sendline("edit " + path)
    q.expect(expect, timeout=60)
    q.wait_quiet(quiet=1)


def quit_to_shell(q, key_bytes=QUIT):
    """Quit the editor; it must clear the screen on the way out."""
    q.mark()
    q.send(key_bytes)
    q.expect(CLEAR_SCREEN, timeout=30)
    q.expect(PROMPT, timeout=30)


@test("editor_session", timeout=300)
def _():
    q = boot()
    start(q, "notes.txt", "new file")
    keys(q, "alpha\nbeta\ngamma\n")
    keys(q, UP + UP + RIGHT + RIGHT + "XY")      # be|ta: beXYta
    keys(q, BACKSPACE)                           # beXta
    keys(q, DOWN + CUT)                          # gamma goes to the cut lines
    q.mark()
    keys(q, SEARCH + "lph\n")                    # back up to alpha (wraps around)
    check("search wrapped around" in q.output, "the search wraps to the top: %r" % q.output[-300:])
    q.mark()
    keys(q, SEARCH + ERASE_ANSWER + "zzz\n")      # the answer starts as "lph"
    q.expect("not found: zzz", timeout=30)
    keys(q, PASTE)                               # gamma above alpha, cursor stays on alpha
    keys(q, END + "!")                           # alpha!
    q.mark()
    keys(q, SAVE)
    q.expect("wrote 3 lines", timeout=30)
    quit_to_shell(q)                             # saved: one Ctrl-Q is enough
    out = cmd(q, "cat notes.txt")
    check(lines_of(out) == ["gamma", "alpha!", "beXta"], "notes.txt after the session: %r" % out)
    out = cmd(q, "wc notes.txt")
    check(re.search(r"3 3 19 notes.txt", out), "every line ends in a newline, nothing else: %r" % out)


@test("editor_existing_file", timeout=300)
def _():
    q = boot()
    cmd(q, "echo one > f.txt; echo two >> f.txt; echo three >> f.txt; echo four >> f.txt")
    start(q, "f.txt", "line 1/5")
    keys(q, DOWN + END + " 2")                   # two 2
    keys(q, DOWN + DOWN + HOME + DELETE + "F")   # Four
    q.mark()
    keys(q, SAVE)
    q.expect("wrote 4 lines", timeout=30)
    quit_to_shell(q)
    out = cmd(q, "cat f.txt")
    check(lines_of(out) == ["one", "two 2", "three", "Four"], "untouched lines are kept: %r" % out)

    # Ctrl-K from the last line up: the cut lines keep the text's order.
    start(q, "f.txt", "line 1/5")
    keys(q, PAGE_DOWN + CUT + CUT)               # the empty last line, then Four
    keys(q, PAGE_UP + PASTE)
    q.mark()
    keys(q, SAVE)
    q.expect("wrote 5 lines", timeout=30)
    quit_to_shell(q)
    out = cmd(q, "cat f.txt")
    check(out.strip("\n").split("\n") == ["Four", "", "one", "two 2", "three"],
          "cut from the bottom up, pasted at the top: %r" % out)


@test("editor_errors", timeout=300)
def _():
    q = boot()
    out = cmd(q, "edit /")
    check("edit: /: Is a directory" in out, "a directory is refused: %r" % out)
    out = cmd(q, "edit")
    check("usage: edit FILE" in out, "no file: %r" % out)

    # Unsaved changes: Ctrl-Q asks, another key takes the question back,
    # and only Ctrl-Q twice in a row quits without saving.
    start(q, "draft.txt", "new file")
    keys(q, "unsaved words")
    q.mark()
    keys(q, QUIT)
    q.expect("unsaved changes", timeout=30)
    keys(q, RIGHT + QUIT)
    check(PROMPT not in q.output[q.output.rfind("unsaved"):], "one Ctrl-Q does not quit")
    quit_to_shell(q)
    out = cmd(q, "cat draft.txt")
    check("No such file or directory" in out, "nothing was saved: %r" % out)

    # A file that cannot be written: the error is shown, the text is kept,
    # and Ctrl-O writes it to another name, which Ctrl-S then writes.
    start(q, "nodir/x.txt", "new file")
    keys(q, "kept")
    q.mark()
    keys(q, SAVE)
    q.expect("cannot write nodir/x.txt: No such file or directory", timeout=30)
    keys(q, CANCEL)                               # Ctrl-C only says how to quit
    q.expect("^Q quits, ^S saves", timeout=30)
    keys(q, SAVE_AS)
    q.expect("Write to (Enter writes, ^C cancels): nodir/x.txt", timeout=30)
    keys(q, ERASE_ANSWER + "rescued.txt\n")
    q.expect("wrote 1 line", timeout=30)
    keys(q, " too" + SAVE)
    q.expect("wrote 1 line", timeout=30)
    quit_to_shell(q)                              # saved: one Ctrl-Q
    out = cmd(q, "cat rescued.txt")
    check(lines_of(out) == ["kept too"], "Ctrl-O, then Ctrl-S to the new name: %r" % out)


@test("editor_display", timeout=300)
def _():
    q = boot()
    start(q, "wide.txt", "new file")
    q.mark()
    keys(q, "a\tb")
    check("a       b" in q.output, "a tab shows as spaces to column 8: %r" % q.output[-300:])
    check("col 10" in q.output, "the column counts the tab's width: %r" % q.output[-300:])
    q.mark()
    keys(q, "\n" + "x" * 100 + "end")
    check(re.search(r"H%send\x1b\[K" % ("x" * 76), q.output),
          "a long line scrolls sideways with the cursor: %r" % q.output[-300:])
    q.mark()
    keys(q, HOME)
    check(re.search(r"Hx{80}\x1b", q.output), "Home scrolls back to column 1: %r" % q.output[-300:])
    q.mark()
    keys(q, SAVE)
    q.expect("wrote 2 lines", timeout=30)
    quit_to_shell(q)
    out = cmd(q, "cat wide.txt")
    check(lines_of(out) == ["a\tb", "x" * 100 + "end"], "the tab and the long line are saved as typed: %r" % out)


@test("editor_too_large", timeout=400)
def _():
    # A million one-byte lines: the editor keeps about 48 bytes for each
    # (its slot in the line array and the line's own allocation), more than
    # a 64 MiB machine has free.  2 bytes, 4 times over in each step.
    q = boot(mem="64M")
    cmd(q, "echo x > a")
    for _ in range(10):
        cmd(q, "cat a a > b; cat b b > a", timeout=120)
    out = cmd(q, "wc a", timeout=120)
    check(re.search(r"1048576 1048576 2097152 a", out), "the big file: %r" % out)
    out = cmd(q, "edit a", timeout=240)
    check("edit: a: the file is too large for memory" in out, "too large: %r" % out)
    out = cmd(q, "echo still fine")
    check("still fine" in out, "the shell goes on")

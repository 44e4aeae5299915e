/*
 * edit FILE: a small screen editor for the serial console, with nano's
 * keys (the help line at the bottom lists them).  The console is in raw
 * mode while it runs; every way out goes through leave(), which clears the
 * screen and puts the console back in cooked mode.
 */
#include "edit.h"

static struct editor ed; /* static: the stack is one page */

void leave(int status)
{
	screen_reset();
	consmode(CONS_COOKED);
	exit(status);
}

/* Reads FILE into ed; exits with a message if it cannot be edited. */
static void open_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && st.type != T_FILE) {
		fprintf(2, "edit: %s: %s\n", path,
		        st.type == T_DIR ? strerror(EISDIR) : "not a regular file");
		exit(1);
	}
	if (strlen(path) >= sizeof(ed.path)) {
		fprintf(2, "edit: %s: %s\n", path, strerror(ENAMETOOLONG));
		exit(1);
	}
	strcpy(ed.path, path);
	if (file_load(&ed.text, path) == 0)
		return;
	if (errno == ENOENT && ed.text.n > 0) {
		snprintf(ed.msg, MSG_MAX, "new file: ^S creates it");
		return;
	}
	if (errno == ENOMEM)
		fprintf(2, "edit: %s: the file is too large for memory\n", path);
	else
		fprintf(2, "edit: %s: %s\n", path, strerror(errno));
	exit(1);
}

int main(int argc, char *argv[])
{
	struct stat st;

	if (argc != 2) {
		fprintf(2, "usage: edit FILE\n");
		exit(1);
	}
	open_file(argv[1]);
	if (fstat(0, &st) < 0 || st.type != T_DEVICE || consmode(CONS_RAW) < 0) {
		fprintf(2, "edit: the standard input is not the console\n");
		exit(1);
	}
	for (;;) {
		int key;

		if (!key_pending())
			screen_draw(&ed);
		key = key_read();
		if (key == KEY_EOF)
			leave(1);
		ed.msg[0] = '\0';
		if (command_key(&ed, key))
			break;
	}
	leave(0);
}

/*
 * edit: a question on the status line (the search string, a file name).
 * The answer starts with what the buffer holds; Enter takes it, Backspace
 * and Ctrl-U edit it, Ctrl-C gives up.
 */
#include "edit.h"

int prompt(struct editor *e, const char *label, char *answer, int size)
{
	int ok = 0;

	e->prompt = label;
	e->answer = answer;
	for (;;) {
		int key, len = strlen(answer);

		if (!key_pending())
			screen_draw(e);
		key = key_read();
		if (key == '\r' || key == '\n') {
			ok = 1;
			break;
		}
		if (key == KEY_EOF || key == CTRL('C'))
			break;
		if ((key == KEY_BACKSPACE || key == CTRL('H')) && len > 0)
			answer[len - 1] = '\0';
		else if (key == CTRL('U'))
			answer[0] = '\0';
		else if (key >= ' ' && key < KEY_BACKSPACE && len < size - 1 &&
		         (int)strlen(label) + len + 1 < SCREEN_COLS) {
			answer[len] = (char)key;
			answer[len + 1] = '\0';
		}
	}
	e->prompt = 0;
	e->answer = 0;
	return ok;
}

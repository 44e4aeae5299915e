/*
 * edit: keys from the console's raw bytes.  Most keys are one byte; the
 * arrows and the editing keys come as escape sequences:
 *
 *   CSI = ESC [  then parameter bytes 0x30-0x3f, intermediate bytes
 *                0x20-0x2f and one final byte 0x40-0x7e (ECMA-48 5.4):
 *                A B C D arrows, H F Home End, and with final '~' the first
 *                parameter says which: 1 or 7 Home, 3 Delete, 4 or 8 End,
 *                5 PageUp, 6 PageDown (the VT220 numbering)
 *   SS3 = ESC O  then one byte: A B C D H F as above (VT100 application mode)
 *
 * There is no read with a timeout, so a lone ESC cannot be told from the
 * start of a sequence: when the byte after ESC starts none, the ESC is
 * dropped and that byte read as it is.
 */
#include "edit.h"

#define CSI_PARAM(c) ((c) >= 0x30 && (c) <= 0x3f)
#define CSI_INTER(c) ((c) >= 0x20 && (c) <= 0x2f)
#define CSI_FINAL(c) ((c) >= 0x40 && (c) <= 0x7e)

#define INBUF_SIZE 64 /* bytes taken from the console in one read */

static unsigned char inbuf[INBUF_SIZE];
static int inpos, inlen; /* unread bytes are inbuf[inpos..inlen) */

static int next_byte(void)
{
	if (inpos == inlen) {
		int n = read(0, inbuf, sizeof(inbuf));

		if (n <= 0)
			return KEY_EOF;
		inpos = 0;
		inlen = n;
	}
	return inbuf[inpos++];
}

int key_pending(void)
{
	return inpos < inlen;
}

/* The key of final byte c (A B C D H F), in a CSI or SS3 sequence. */
static int final_key(int c)
{
	switch (c) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	case 'C':
		return KEY_RIGHT;
	case 'D':
		return KEY_LEFT;
	case 'H':
		return KEY_HOME;
	case 'F':
		return KEY_END;
	default:
		return KEY_NONE;
	}
}

/* The key of "CSI n ~". */
static int tilde_key(int n)
{
	switch (n) {
	case 1:
	case 7:
		return KEY_HOME;
	case 3:
		return KEY_DELETE;
	case 4:
	case 8:
		return KEY_END;
	case 5:
		return KEY_PGUP;
	case 6:
		return KEY_PGDN;
	default:
		return KEY_NONE;
	}
}

/* After ESC [: the rest of the sequence, up to and including its final byte. */
static int csi(void)
{
	int c, first = 0, in_first = 1;

	while ((c = next_byte()) != KEY_EOF && CSI_PARAM(c)) {
		if (c >= '0' && c <= '9' && in_first)
			first = first * 10 + (c - '0');
		else
			in_first = 0; /* a ';' (or another parameter byte) ends it */
	}
	while (c != KEY_EOF && CSI_INTER(c))
		c = next_byte();
	if (c == KEY_EOF)
		return KEY_EOF;
	if (!CSI_FINAL(c))
		return KEY_NONE; /* malformed: the byte is dropped with it */
	return c == '~' ? tilde_key(first) : final_key(c);
}

int key_read(void)
{
	int c = next_byte();

	while (c == KEY_ESC) {
		c = next_byte();
		if (c == '[')
			return csi();
		if (c == 'O') {
			c = next_byte();
			return c == KEY_EOF ? KEY_EOF : final_key(c);
		}
	}
	return c;
}

/* Runs a tool (ffmpeg, ffprobe, sha256sum) from a test without a shell. */
#ifndef UJIKOM_RUN_CMD_H
#define UJIKOM_RUN_CMD_H
#include <stddef.h>

/* Runs argv (argv[0] looked up in PATH) with stdout and stderr into out (NUL-terminated, cut to
 * outsz - 1 bytes; the rest is read and dropped); returns the exit status, -1 if it did not run
 * or was killed. */
int run_cmd(char *out, size_t outsz, const char *const argv[]);

#endif

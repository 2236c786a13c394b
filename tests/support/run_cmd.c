/* run_cmd: posix_spawnp with both output streams through one pipe (see run_cmd.h). */
#include "run_cmd.h"

#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int run_cmd(char *out, size_t outsz, const char *const argv[])
{
	int fds[2], st = -1;
	size_t got = 0;
	pid_t pid;
	posix_spawn_file_actions_t fa;
	if (pipe(fds) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	int e = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	for (;;) {
		char sink[4096];
		char *dst = got + 1 < outsz ? out + got : sink;
		size_t room = got + 1 < outsz ? outsz - 1 - got : sizeof sink;
		ssize_t r = read(fds[0], dst, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (dst != sink)
			got += (size_t)r;
	}
	close(fds[0]);
	if (outsz)
		out[got] = '\0';
	if (e != 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

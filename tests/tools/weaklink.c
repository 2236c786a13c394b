/* weaklink: a weak network link between two network namespaces, in user space, for tests.
 *
 * The issue asks for `tc netem` (300 kbit/s, 5 % loss, 300 ms delay, a 30 s outage), but the
 * kernels of these machines have no netem qdisc (nor classifiers or actions: only pfifo, tbf,
 * htb and fq_codel), so this program is the link instead. It creates the TUN device --dev-a in the
 * network namespace --netns-a (a path such as /proc/<pid>/ns/net) and the TUN device --dev-b in
 * its own namespace, and carries IP packets between them. Each direction has, as netem would:
 *   - a rate: packets leave one after another, each taking len*8/rate seconds (0 = no limit);
 *   - a bottleneck queue of --queue bytes before that (drop-tail when full: a mobile network's
 *     buffer, not netem's 1000 packets, which at 300 kbit/s would be 40 s of delay);
 *   - a one-way delay added after the rate;
 *   - random loss (Bernoulli, seeded: the same run drops the same packets);
 *   - an outage switch: while down, every packet is dropped, also those already on the way.
 * Settings apply to both directions. The caller gives the devices their addresses (ip addr).
 *
 * Control: one command a line on stdin, one answer a line on stdout:
 *   rate <bit/s> | delay <ms> | loss <0..1> | queue <bytes> | down | up  -> "ok"
 *   stats -> {"a2b":{...},"b2a":{...}} (packets and bytes in and out, drops by cause, the most
 *            bytes the link delivered within one second of its schedule, as peak_bps)
 * "ready" is printed once both devices exist. End of input ends the program, and the devices
 * with it (they are not persistent), so a dying test leaves nothing behind.
 *
 * Usage: weaklink --netns-a PATH --dev-a NAME --dev-b NAME [--seed N] */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define SLOTS	4096
#define MTU_MAX 2048

struct slot {
	uint64_t due_us;
	uint16_t len;
	unsigned char data[MTU_MAX];
};

struct counters {
	uint64_t in_pkts, in_bytes, out_pkts, out_bytes;
	uint64_t drop_loss, drop_queue, drop_down, drop_full, drop_write;
	uint64_t sec, sec_bytes, peak_bytes; /* by the second the link delivers in, not the
						 wall clock: a late wake-up is no burst */
};

struct dir {
	int in_fd, out_fd;
	struct slot *ring;
	unsigned head, count;
	uint64_t tx_free_us; /* when the bottleneck is free for the next packet */
	struct counters c;
};

struct link {
	uint64_t rate_bps; /* 0: no limit */
	uint64_t delay_us;
	double loss;
	uint64_t queue_bytes;
	int down;
	uint64_t rng;
};

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* xorshift64*: a fixed seed gives the same drops on every run. */
static double rnd(struct link *l)
{
	l->rng ^= l->rng >> 12;
	l->rng ^= l->rng << 25;
	l->rng ^= l->rng >> 27;
	return (double)((l->rng * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static int tun_open(const char *name)
{
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		perror("weaklink: /dev/net/tun");
		return -1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	if (strlen(name) >= sizeof ifr.ifr_name) {
		fprintf(stderr, "weaklink: device name too long: %s\n", name);
		close(fd);
		return -1;
	}
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "weaklink: TUNSETIFF %s: %s\n", name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens the TUN device `name` inside the namespace at `ns_path`, then comes back. */
static int tun_open_in(const char *ns_path, const char *name)
{
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int there = open(ns_path, O_RDONLY | O_CLOEXEC);
	if (home < 0 || there < 0) {
		fprintf(stderr, "weaklink: open namespace %s: %s\n", ns_path, strerror(errno));
		return -1;
	}
	int fd = -1;
	if (setns(there, CLONE_NEWNET) < 0)
		fprintf(stderr, "weaklink: setns %s: %s\n", ns_path, strerror(errno));
	else
		fd = tun_open(name);
	if (setns(home, CLONE_NEWNET) < 0) {
		fprintf(stderr, "weaklink: setns back: %s\n", strerror(errno));
		exit(1);
	}
	close(home);
	close(there);
	return fd;
}

static void count_out(struct counters *c, unsigned len, uint64_t due_us)
{
	c->out_pkts++;
	c->out_bytes += len;
	if (due_us / 1000000u != c->sec) {
		c->sec = due_us / 1000000u;
		c->sec_bytes = 0;
	}
	c->sec_bytes += len;
	if (c->sec_bytes > c->peak_bytes)
		c->peak_bytes = c->sec_bytes;
}

/* Reads what waits on the direction's input and queues it (or drops it). */
static void take_in(struct dir *d, struct link *l)
{
	for (int n = 0; n < 64; n++) {
		unsigned char buf[MTU_MAX];
		ssize_t r = read(d->in_fd, buf, sizeof buf);
		if (r <= 0)
			return;
		uint64_t now = now_us();
		d->c.in_pkts++;
		d->c.in_bytes += (uint64_t)r;
		if (l->down) {
			d->c.drop_down++;
			continue;
		}
		if (l->loss > 0 && rnd(l) < l->loss) {
			d->c.drop_loss++;
			continue;
		}
		if (d->count == SLOTS) {
			d->c.drop_full++;
			continue;
		}
		uint64_t start = d->tx_free_us > now ? d->tx_free_us : now;
		uint64_t tx_us = 0;
		if (l->rate_bps) {
			uint64_t backlog = (start - now) * l->rate_bps / 8000000u;
			if (backlog + (uint64_t)r > l->queue_bytes) {
				d->c.drop_queue++;
				continue;
			}
			tx_us = (uint64_t)r * 8000000u / l->rate_bps;
		}
		d->tx_free_us = start + tx_us;
		struct slot *s = &d->ring[(d->head + d->count) % SLOTS];
		s->due_us = d->tx_free_us + l->delay_us;
		s->len = (uint16_t)r;
		memcpy(s->data, buf, (size_t)r);
		d->count++;
	}
}

/* Delivers the packets whose time has come; returns the next due time (0: none waiting). */
static uint64_t give_out(struct dir *d, struct link *l)
{
	uint64_t now = now_us();
	while (d->count) {
		struct slot *s = &d->ring[d->head];
		if (s->due_us > now)
			return s->due_us;
		if (l->down)
			d->c.drop_down++;
		else if (write(d->out_fd, s->data, s->len) != (ssize_t)s->len)
			d->c.drop_write++;
		else
			count_out(&d->c, s->len, s->due_us);
		d->head = (d->head + 1) % SLOTS;
		d->count--;
	}
	return 0;
}

static void print_counters(const char *name, const struct counters *c)
{
	printf("\"%s\":{\"in_pkts\":%llu,\"in_bytes\":%llu,\"out_pkts\":%llu,\"out_bytes\":%llu,"
	       "\"drop_loss\":%llu,\"drop_queue\":%llu,\"drop_down\":%llu,\"drop_full\":%llu,"
	       "\"drop_write\":%llu,\"peak_bps\":%llu}",
	       name, (unsigned long long)c->in_pkts, (unsigned long long)c->in_bytes,
	       (unsigned long long)c->out_pkts, (unsigned long long)c->out_bytes,
	       (unsigned long long)c->drop_loss, (unsigned long long)c->drop_queue,
	       (unsigned long long)c->drop_down, (unsigned long long)c->drop_full,
	       (unsigned long long)c->drop_write, (unsigned long long)c->peak_bytes * 8u);
}

/* One control line; returns 0 to go on, 1 to quit. */
static int command(char *line, struct link *l, struct dir *ab, struct dir *ba)
{
	char word[16];
	double v = 0;
	int n = sscanf(line, "%15s %lf", word, &v);
	if (n < 1)
		return 0;
	int ok = 1;
	if (!strcmp(word, "rate") && n == 2 && v >= 0)
		l->rate_bps = (uint64_t)v;
	else if (!strcmp(word, "delay") && n == 2 && v >= 0)
		l->delay_us = (uint64_t)(v * 1000);
	else if (!strcmp(word, "loss") && n == 2 && v >= 0 && v <= 1)
		l->loss = v;
	else if (!strcmp(word, "queue") && n == 2 && v >= 1500)
		l->queue_bytes = (uint64_t)v;
	else if (!strcmp(word, "down"))
		l->down = 1;
	else if (!strcmp(word, "up"))
		l->down = 0;
	else if (!strcmp(word, "quit"))
		return 1;
	else if (!strcmp(word, "stats")) {
		printf("{");
		print_counters("a2b", &ab->c);
		printf(",");
		print_counters("b2a", &ba->c);
		printf("}\n");
		fflush(stdout);
		return 0;
	} else
		ok = 0;
	if (ok)
		printf("ok\n");
	else
		printf("error: %s\n", line);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const char *ns_a = NULL, *dev_a = NULL, *dev_b = NULL;
	uint64_t seed = 20231;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--netns-a"))
			ns_a = argv[i + 1];
		else if (!strcmp(argv[i], "--dev-a"))
			dev_a = argv[i + 1];
		else if (!strcmp(argv[i], "--dev-b"))
			dev_b = argv[i + 1];
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 10);
	}
	if (!ns_a || !dev_a || !dev_b) {
		fprintf(stderr,
			"usage: weaklink --netns-a PATH --dev-a NAME --dev-b NAME [--seed N]\n");
		return 2;
	}
	int fa = tun_open_in(ns_a, dev_a);
	int fb = fa >= 0 ? tun_open(dev_b) : -1;
	if (fa < 0 || fb < 0)
		return 1;

	struct link l = {.queue_bytes = 64 * 1024, .rng = seed ? seed : 1};
	struct dir ab = {.in_fd = fa, .out_fd = fb}, ba = {.in_fd = fb, .out_fd = fa};
	ab.ring = calloc(SLOTS, sizeof(struct slot));
	ba.ring = calloc(SLOTS, sizeof(struct slot));
	if (!ab.ring || !ba.ring)
		return 1;
	printf("ready\n");
	fflush(stdout);

	char line[256];
	size_t used = 0;
	for (;;) {
		uint64_t next_ab = give_out(&ab, &l), next_ba = give_out(&ba, &l);
		uint64_t next = next_ab && (!next_ba || next_ab < next_ba) ? next_ab : next_ba;
		struct pollfd p[3] = {{.fd = fa, .events = POLLIN},
				      {.fd = fb, .events = POLLIN},
				      {.fd = 0, .events = POLLIN}};
		struct timespec ts, *tp = NULL;
		if (next) {
			uint64_t now = now_us(), wait = next > now ? next - now : 0;
			ts.tv_sec = (time_t)(wait / 1000000u);
			ts.tv_nsec = (long)(wait % 1000000u) * 1000;
			tp = &ts;
		}
		if (ppoll(p, 3, tp, NULL) < 0 && errno != EINTR)
			return 1;
		if (p[0].revents & POLLIN)
			take_in(&ab, &l);
		if (p[1].revents & POLLIN)
			take_in(&ba, &l);
		if (p[2].revents & (POLLIN | POLLHUP)) {
			ssize_t r = read(0, line + used, sizeof line - 1 - used);
			if (r <= 0)
				return 0;
			used += (size_t)r;
			line[used] = '\0';
			char *nl;
			while ((nl = strchr(line, '\n'))) {
				*nl = '\0';
				if (command(line, &l, &ab, &ba))
					return 0;
				size_t rest = used - (size_t)(nl + 1 - line);
				memmove(line, nl + 1, rest);
				used = rest;
				line[used] = '\0';
			}
			if (used == sizeof line - 1)
				used = 0; /* a line too long to be a command */
		}
	}
}

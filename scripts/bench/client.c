// Benchmark load generator in C (compiled by scripts/bench-realtime.ts with the system cc):
// holds many WebSocket connections on one epoll loop and records when each event frame
// arrives. The Node client (clients.ts) spent as much CPU per delivery as the server under
// test, so on a two-core machine it, not the sidecar, set the latency; real diners and kitchen
// screens are separate devices.
//
// Driven over stdin/stdout, one line per command and reply:
//   connect <port> <path> <count> <concurrency> <cookie> <channel,channel,...>  -> ok <subscribed>
//   count                                                                        -> ok <received> <closedEarly>
//   report <file>  (writes {u32 channel, u32 seq, f64 ms} records)              -> ok <received> <closedEarly> <channels>
//   reset | close                                                                -> ok
// Times are CLOCK_MONOTONIC milliseconds, the clock of Node's process.hrtime().
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { CONNECTING, HANDSHAKE, SUBSCRIBING, LIVE, CLOSED };

typedef struct {
	int fd;
	int state;
	int pending; // subscriptions not yet confirmed
	int chans[16];
	int nchans;
	unsigned char *buf; // unparsed bytes carried to the next read
	size_t len, cap;
} Conn;

typedef struct {
	uint32_t ch, seq;
	double t;
} Rec;

static Conn **conns;
static size_t nconns, capconns;
static Rec *recs;
static size_t nrec, caprec;
static char *chans[64];
static int nchan;
static int closed_early;
static int ep;

// The connect command in progress.
static struct {
	int active, port, count, concurrency, started, inflight, subscribed;
	char path[256], cookie[4096];
	int chans[16], nchans;
} job;

static double now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((format(printf, 1, 2)))
static void reply(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static int channel_index(const char *s, size_t n) {
	for (int i = 0; i < nchan; i++)
		if (strlen(chans[i]) == n && memcmp(chans[i], s, n) == 0) return i;
	if (nchan == 64) return -1;
	chans[nchan] = strndup(s, n);
	return nchan++;
}

static void write_all(Conn *c, const void *p, size_t n) {
	// Control frames and requests are tiny; the socket buffer always has room for them.
	if (write(c->fd, p, n) != (ssize_t)n) c->state = CLOSED;
}

static void send_frame(Conn *c, int op, const char *payload, size_t n) {
	unsigned char f[2 + 4 + 125];
	if (n > 125) n = 125;
	f[0] = 0x80 | op;
	f[1] = 0x80 | (unsigned char)n;
	memset(f + 2, 0, 4); // all-zero mask: the payload goes as is
	memcpy(f + 6, payload, n);
	write_all(c, f, 6 + n);
}

static void start_one(void);

static void fail_job(const char *why) {
	if (!job.active) return;
	job.active = 0;
	reply("err %s\n", why);
}

static void became_live(Conn *c) {
	c->state = LIVE;
	job.inflight--;
	job.subscribed++;
	if (job.subscribed == job.count) {
		job.active = 0;
		reply("ok %d\n", job.subscribed);
	} else {
		while (job.active && job.inflight < job.concurrency && job.started < job.count) start_one();
	}
}

static void on_close(Conn *c) {
	if (c->state == CLOSED) return;
	if (c->state != LIVE) fail_job("closed before subscribing");
	else closed_early++;
	c->state = CLOSED;
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
}

static const char PREFIX[] = "{\"type\":\"event\",\"channel\":\"";
static const char SUBSCRIBED[] = "{\"type\":\"subscribed\"";

static void on_text(Conn *c, const char *s, size_t n, double t) {
	size_t pl = sizeof PREFIX - 1;
	if (n > pl && memcmp(s, PREFIX, pl) == 0) {
		const char *ch = s + pl;
		const char *end = memchr(ch, '"', n - pl);
		if (!end) return;
		const char *p = end + 8; // `","seq":`
		uint32_t seq = 0;
		while (p < s + n && *p >= '0' && *p <= '9') seq = seq * 10 + (uint32_t)(*p++ - '0');
		int ci = channel_index(ch, (size_t)(end - ch));
		if (nrec == caprec) {
			caprec = caprec ? caprec * 2 : 1 << 20;
			recs = realloc(recs, caprec * sizeof(Rec));
		}
		recs[nrec++] = (Rec){(uint32_t)ci, seq, t};
	} else if (c->state == SUBSCRIBING && n >= sizeof SUBSCRIBED - 1 &&
		   memcmp(s, SUBSCRIBED, sizeof SUBSCRIBED - 1) == 0) {
		if (--c->pending == 0) became_live(c);
	}
}

/** Parses every complete frame in buf[0..len); returns the bytes consumed. */
static size_t parse(Conn *c, unsigned char *buf, size_t len, double t) {
	size_t off = 0;
	if (c->state == HANDSHAKE) {
		unsigned char *end = memmem(buf, len, "\r\n\r\n", 4);
		if (!end) return 0;
		if (len < 12 || memcmp(buf + 9, "101", 3) != 0) {
			on_close(c);
			return len;
		}
		off = (size_t)(end - buf) + 4;
		c->state = SUBSCRIBING;
		c->pending = c->nchans;
		for (int i = 0; i < c->nchans; i++) {
			char m[256];
			int k = snprintf(m, sizeof m, "{\"type\":\"subscribe\",\"channel\":\"%s\"}", chans[c->chans[i]]);
			send_frame(c, 1, m, (size_t)k);
		}
	}
	while (len - off >= 2 && c->state != CLOSED) {
		int op = buf[off] & 0x0f;
		uint64_t n = buf[off + 1] & 0x7f;
		size_t hdr = 2;
		if (n == 126) {
			if (len - off < 4) break;
			n = ((uint64_t)buf[off + 2] << 8) | buf[off + 3];
			hdr = 4;
		} else if (n == 127) {
			if (len - off < 10) break;
			n = 0;
			for (int i = 0; i < 8; i++) n = (n << 8) | buf[off + 2 + i];
			hdr = 10;
		}
		if (len - off < hdr + n) break;
		const char *p = (const char *)buf + off + hdr;
		if (op == 1) on_text(c, p, n, t);
		else if (op == 9) send_frame(c, 0xa, p, n);
		else if (op == 8) {
			on_close(c);
			return len;
		}
		off += hdr + n;
	}
	return off;
}

static void on_readable(Conn *c) {
	static unsigned char rb[1 << 16];
	for (;;) {
		ssize_t r = read(c->fd, rb, sizeof rb);
		if (r == 0) return on_close(c);
		if (r < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK) on_close(c);
			return;
		}
		double t = now_ms();
		unsigned char *buf = rb;
		size_t len = (size_t)r;
		if (c->len) {
			if (c->len + len > c->cap) {
				c->cap = (c->len + len) * 2;
				c->buf = realloc(c->buf, c->cap);
			}
			memcpy(c->buf + c->len, rb, len);
			buf = c->buf;
			len = c->len + len;
		}
		size_t used = parse(c, buf, len, t);
		if (c->state == CLOSED) return;
		size_t rest = len - used;
		if (rest && buf == rb) {
			if (rest > c->cap) {
				c->cap = rest * 2;
				c->buf = realloc(c->buf, c->cap);
			}
			memcpy(c->buf, rb + used, rest);
		} else if (rest) {
			memmove(c->buf, c->buf + used, rest);
		}
		c->len = rest;
		if ((size_t)r < sizeof rb) return;
	}
}

static void start_one(void) {
	Conn *c = calloc(1, sizeof *c);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	memcpy(c->chans, job.chans, sizeof job.chans);
	c->nchans = job.nchans;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)job.port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (nconns == capconns) {
		capconns = capconns ? capconns * 2 : 1024;
		conns = realloc(conns, capconns * sizeof *conns);
	}
	conns[nconns++] = c;
	job.started++;
	job.inflight++;
	c->state = CONNECTING;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) on_close(c);
}

static void on_writable(Conn *c) {
	if (c->state != CONNECTING) return;
	int err = 0;
	socklen_t l = sizeof err;
	getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
	if (err) return on_close(c);
	char req[5000];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
			 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
			 "Sec-WebSocket-Protocol: preptable\r\nCookie: %s\r\n\r\n",
			 job.path, job.port, job.cookie);
	c->state = HANDSHAKE;
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
	write_all(c, req, (size_t)n);
}

static void command(char *line) {
	char *cmd = strtok(line, " \n");
	if (!cmd) return;
	if (!strcmp(cmd, "connect")) {
		memset(&job, 0, sizeof job);
		job.port = atoi(strtok(NULL, " "));
		snprintf(job.path, sizeof job.path, "%s", strtok(NULL, " "));
		job.count = atoi(strtok(NULL, " "));
		job.concurrency = atoi(strtok(NULL, " "));
		snprintf(job.cookie, sizeof job.cookie, "%s", strtok(NULL, " "));
		char *list = strtok(NULL, " \n");
		for (char *ch = strtok(list, ","); ch && job.nchans < 16; ch = strtok(NULL, ","))
			job.chans[job.nchans++] = channel_index(ch, strlen(ch));
		job.active = 1;
		if (job.count == 0) {
			job.active = 0;
			return reply("ok 0\n");
		}
		while (job.inflight < job.concurrency && job.started < job.count) start_one();
	} else if (!strcmp(cmd, "count")) {
		reply("ok %zu %d\n", nrec, closed_early);
	} else if (!strcmp(cmd, "report")) {
		FILE *f = fopen(strtok(NULL, " \n"), "wb");
		if (!f || fwrite(recs, sizeof(Rec), nrec, f) != nrec) return reply("err cannot write\n");
		fclose(f);
		printf("ok %zu %d ", nrec, closed_early);
		for (int i = 0; i < nchan; i++) printf("%s%s", i ? "," : "", chans[i]);
		reply("\n");
	} else if (!strcmp(cmd, "reset")) {
		nrec = 0;
		reply("ok\n");
	} else if (!strcmp(cmd, "close")) {
		reply("ok\n");
		exit(0);
	} else {
		reply("err unknown command\n");
	}
}

int main(void) {
	ep = epoll_create1(0);
	fcntl(0, F_SETFL, O_NONBLOCK);
	struct epoll_event in = {.events = EPOLLIN, .data.ptr = NULL};
	epoll_ctl(ep, EPOLL_CTL_ADD, 0, &in);
	static char line[8192];
	size_t ll = 0;
	struct epoll_event evs[1024];
	reply("ready\n");
	for (;;) {
		int n = epoll_wait(ep, evs, 1024, -1);
		for (int i = 0; i < n; i++) {
			Conn *c = evs[i].data.ptr;
			if (!c) {
				ssize_t r = read(0, line + ll, sizeof line - 1 - ll);
				if (r == 0) exit(0); // the driver went away
				if (r < 0) continue;
				ll += (size_t)r;
				char *nl;
				while ((nl = memchr(line, '\n', ll))) {
					*nl = 0;
					size_t used = (size_t)(nl - line) + 1;
					char cmdline[8192];
					memcpy(cmdline, line, used);
					memmove(line, nl + 1, ll - used);
					ll -= used;
					command(cmdline);
				}
				continue;
			}
			if (c->state == CLOSED) continue;
			if (evs[i].events & EPOLLOUT) on_writable(c);
			if (c->state != CLOSED && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(c);
		}
	}
}

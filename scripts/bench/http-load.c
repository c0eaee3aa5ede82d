// HTTP/1.1 load generator in C for bench:inventory (compiled there with the system cc): keeps
// <connections> keep-alive connections busy on one epoll loop, each sending its next request
// as soon as the last answer is in, for <seconds>. pgbench, the baseline it is compared with,
// is a C client too; the Node fetch() loop it replaces spent about as much CPU per request as
// the server under test, on the same two cores.
//
//   http-load <port> <seconds> <connections> <ok-status> <requests-file>
//
// <requests-file> holds complete raw requests (request line, headers, body), each preceded by
// its length as a decimal line: "<bytes>\n<bytes of the request>". The n-th request sent
// overall is request n % count, so a file of one request per item spreads the load evenly.
// Prints one JSON line: {"ok":…,"failed":…,"statuses":{…},"seconds":…,"p50_ms":…,"p95_ms":…}.
// Answers are parsed for their status and body length (Content-Length or chunked).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	int fd;
	size_t req;         // index of the request in flight
	size_t sent;        // bytes of it written
	int writing;        // waiting for the socket to take the rest of it
	double started;     // when its first byte was written
	char *buf;          // the answer so far
	size_t len, cap;
} Conn;

static char **reqs;
static size_t *req_lens;
static size_t nreqs;
static size_t next_req;
static int ep;

static double *lat;
static size_t nlat, caplat;
static long statuses[600];
static long ok, failed;
static int ok_status;

static double now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what) {
	perror(what);
	exit(1);
}

static void load_requests(const char *file) {
	FILE *f = fopen(file, "rb");
	if (!f) die("requests file");
	size_t cap = 0;
	for (;;) {
		size_t n;
		if (fscanf(f, "%zu", &n) != 1) break;
		if (fgetc(f) != '\n') break;
		char *r = malloc(n);
		if (fread(r, 1, n, f) != n) {
			fprintf(stderr, "requests file: short request\n");
			exit(1);
		}
		if (nreqs == cap) {
			cap = cap ? cap * 2 : 16;
			reqs = realloc(reqs, cap * sizeof *reqs);
			req_lens = realloc(req_lens, cap * sizeof *req_lens);
		}
		reqs[nreqs] = r;
		req_lens[nreqs++] = n;
	}
	fclose(f);
	if (!nreqs) {
		fprintf(stderr, "requests file: no requests\n");
		exit(1);
	}
}

static int open_conn(int port) {
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0) die("socket");
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) die("connect");
	return fd;
}

// Asks epoll for writability only while a request is partly written: a socket is almost always
// writable, and level-triggered EPOLLOUT left on would spin the loop on a core the server needs.
static void want_write(Conn *c, int on) {
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
}

// Writes what is left of the request in flight.
static void flush_req(Conn *c) {
	while (c->sent < req_lens[c->req]) {
		ssize_t w = write(c->fd, reqs[c->req] + c->sent, req_lens[c->req] - c->sent);
		if (w < 0) {
			if (errno == EAGAIN || errno == ENOTCONN) {
				if (!c->writing) want_write(c, c->writing = 1);
				return;
			}
			die("write");
		}
		c->sent += (size_t)w;
	}
	if (c->writing) want_write(c, c->writing = 0);
}

static void start_req(Conn *c) {
	c->req = next_req++ % nreqs;
	c->sent = 0;
	c->len = 0;
	c->started = now_ms();
	flush_req(c);
}

// Length of the whole answer in c->buf if it is complete, else 0; -1 if it cannot be parsed.
static long answer_len(Conn *c, int *status) {
	c->buf[c->len] = 0;
	char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
	if (!end) return 0;
	size_t head = (size_t)(end - c->buf) + 4;
	if (sscanf(c->buf, "HTTP/1.%*d %d", status) != 1) return -1;
	long clen = -1;
	int chunked = 0;
	for (char *l = strstr(c->buf, "\r\n"); l && l < end; l = strstr(l + 2, "\r\n")) {
		char *h = l + 2;
		char *eol = strstr(h, "\r\n");
		if (!strncasecmp(h, "content-length:", 15)) clen = strtol(h + 15, NULL, 10);
		else if (!strncasecmp(h, "transfer-encoding:", 18)) {
			char *v = strcasestr(h, "chunked");
			if (v && v < eol) chunked = 1;
		}
	}
	if (!chunked) {
		if (clen < 0) clen = 0;
		return c->len >= head + (size_t)clen ? (long)(head + (size_t)clen) : 0;
	}
	size_t p = head;
	for (;;) {
		char *crlf = memmem(c->buf + p, c->len - p, "\r\n", 2);
		if (!crlf) return 0;
		long n = strtol(c->buf + p, NULL, 16);
		p = (size_t)(crlf - c->buf) + 2;
		if (n == 0) {
			// No trailers are sent here: the terminating chunk ends with one more CRLF.
			return c->len >= p + 2 ? (long)(p + 2) : 0;
		}
		p += (size_t)n + 2;
		if (p > c->len) return 0;
	}
}

static int cmp_double(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

// The p-th percentile of the sorted latencies (nearest rank, as bench-inventory.ts computes it).
static double pct(double p) {
	if (!nlat) return 0;
	size_t rank = (size_t)(p / 100.0 * (double)nlat + 0.999999);
	if (rank < 1) rank = 1;
	if (rank > nlat) rank = nlat;
	return lat[rank - 1];
}

int main(int argc, char **argv) {
	if (argc != 6) {
		fprintf(stderr, "usage: http-load <port> <seconds> <connections> <ok-status> <requests-file>\n");
		return 2;
	}
	int port = atoi(argv[1]);
	double seconds = atof(argv[2]);
	int nconn = atoi(argv[3]);
	ok_status = atoi(argv[4]);
	load_requests(argv[5]);

	ep = epoll_create1(0);
	Conn *conns = calloc((size_t)nconn, sizeof *conns);
	for (int i = 0; i < nconn; i++) {
		conns[i].fd = open_conn(port);
		conns[i].cap = 1 << 16;
		conns[i].buf = malloc(conns[i].cap + 1);
		// Writable once connected: the first request goes out from there (writes before the
		// connection is up would fail).
		conns[i].writing = 1;
		struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = &conns[i]};
		epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
	}
	double t0 = now_ms(), end = t0 + seconds * 1000;
	for (int i = 0; i < nconn; i++) start_req(&conns[i]);
	int inflight = nconn;
	struct epoll_event evs[256];
	while (inflight > 0) {
		int n = epoll_wait(ep, evs, 256, 1000);
		if (n < 0 && errno != EINTR) die("epoll_wait");
		for (int i = 0; i < n; i++) {
			Conn *c = evs[i].data.ptr;
			if (c->fd < 0) continue;
			if (evs[i].events & EPOLLOUT) flush_req(c);
			if (!(evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
			for (;;) {
				if (c->len == c->cap) {
					c->cap *= 2;
					c->buf = realloc(c->buf, c->cap + 1);
				}
				ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
				if (r < 0 && errno == EAGAIN) break;
				if (r <= 0) {
					fprintf(stderr, "http-load: the server closed a connection\n");
					return 1;
				}
				c->len += (size_t)r;
			}
			int status = 0;
			long whole = answer_len(c, &status);
			if (whole < 0) {
				fprintf(stderr, "http-load: unparseable answer\n");
				return 1;
			}
			if (whole == 0) continue;
			double t = now_ms();
			if (nlat == caplat) {
				caplat = caplat ? caplat * 2 : 1 << 16;
				lat = realloc(lat, caplat * sizeof *lat);
			}
			lat[nlat++] = t - c->started;
			if (status > 0 && status < 600) statuses[status]++;
			if (status == ok_status) ok++;
			else failed++;
			if ((size_t)whole != c->len) {
				fprintf(stderr, "http-load: bytes after an answer\n");
				return 1;
			}
			if (t < end) start_req(c);
			else {
				close(c->fd);
				c->fd = -1;
				inflight--;
			}
		}
	}
	double elapsed = (now_ms() - t0) / 1000;
	qsort(lat, nlat, sizeof *lat, cmp_double);
	printf("{\"ok\":%ld,\"failed\":%ld,\"seconds\":%.3f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"statuses\":{", ok,
	       failed, elapsed, pct(50), pct(95));
	int first = 1;
	for (int s = 0; s < 600; s++)
		if (statuses[s]) {
			printf("%s\"%d\":%ld", first ? "" : ",", s, statuses[s]);
			first = 0;
		}
	printf("}}\n");
	return 0;
}

/*
 * bench_assess: whole PT-TLS assessments per second against the real nea
 * server on loopback, with N concurrent clients.
 *
 * The program starts nea-master from the build's bin directory in a
 * scratch directory under /tmp (nea-policyd, nea-brokerd, nea-imvd,
 * nea-pttlsd; nea-iked off; PT-TLS on 127.0.0.1, a port the kernel picks;
 * SQLite database created from the seed) unless --config/--port name a
 * server already running. Each client thread runs assessments back to back
 * with the blocking PT-TLS client library (pttls/client): TCP, TLS, PT-TLS
 * version negotiation, SASL PLAIN as the example user jane, then strongSwan
 * 5.9.14's captured client batches (tests/vectors/captures run 1: CDATA
 * 366 B; the 21246-byte Installed Packages CDATA when the server asks for
 * it), the server's RESULT, the client's CLOSE, and the server's close.
 * An assessment counts only when the RESULT arrived and the server closed
 * the connection after the CLOSE; anything else is a failure and is
 * reported.
 *
 * Warm (default): every client is the captured device, which one warm-up
 * assessment makes known, so the packages check is skipped by its max_age
 * as in strongSwan's run 2. --cold gives every assessment a Device ID of
 * its own, so each is a first contact with the 834-package check.
 *
 * Figures: assessments/s over the measured period, latency p50/p99/max of
 * one assessment (connect to close), and each daemon's peak resident set
 * (VmHWM from /proc/<pid>/status) plus their sum. Clients and server share
 * the machine's cores; the client side (TLS handshakes) costs CPU too. It
 * is a program, not a test: it prints and asserts nothing about speed.
 *
 *   bench_assess [-c CLIENTS] [-t SECONDS] [--cold] [-l LOGLEVEL]
 *                [--bin DIR] [--src DIR] [--config FILE --port P] [--keep]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_hex.h"
#include "nea_log.h"
#include "pttls_client.h"

#ifndef NEA_SOURCE_DIR
#define NEA_SOURCE_DIR "."
#endif

#define CAPTURE_DEVICE "3d1219c7c4c5404aaa1f6d2a48adfda4"

static const char *const daemons[] = { "policyd", "brokerd", "imvd", "pttlsd" };
#define N_DAEMONS (sizeof(daemons) / sizeof(daemons[0]))

static struct {
	int clients;
	double seconds;
	bool cold, keep;
	int log_level;
	char bin[1024], src[1024], conf[1024], dir[1024], cacert[1024];
	uint16_t port;
	pid_t master;
} g = { .clients = 16, .seconds = 10, .log_level = 1 };

static uint8_t *cdata1, *cdata3;
static size_t cdata1_len, cdata3_len, device_off;
static const uint8_t close_batch[] = { 2, 0, 0, 6, 0, 0, 0, 8 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double *lat;
static size_t n_lat, cap_lat;
static unsigned long n_fail, device_seq;
static char first_error[512];
static double t_end;

/* snprintf into an array, dying when the text does not fit. */
#define FMT(buf, ...)                                                        \
	do {                                                                 \
		if ((size_t)snprintf((buf), sizeof(buf), __VA_ARGS__) >= sizeof(buf)) \
			die("path too long: %s", (buf));                     \
	} while (0)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bench_assess: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (g.master > 0) {
		kill(g.master, SIGTERM);
		waitpid(g.master, NULL, 0);
		fprintf(stderr, "bench_assess: server files kept in %s\n", g.dir);
	}
	exit(1);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *q;

			cap = cap ? cap * 2 : 65536;
			q = realloc(p, cap);
			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		size_t r = fread(p + n, 1, 4096, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

/* A tests/vectors/captures/<name>.hex file: hex digits, '#' comment lines. */
static uint8_t *load_capture(const char *name, size_t *len)
{
	char path[1400];
	char *text;
	uint8_t *out;
	size_t n = 0;
	int hi = -1;
	bool comment = false;

	FMT(path, "%s/tests/vectors/captures/%s.hex", g.src, name);
	text = slurp(path, NULL);
	if (!text)
		die("cannot read %s (use --src)", path);
	out = malloc(strlen(text) / 2 + 1);
	if (!out)
		die("out of memory");
	for (char *p = text; *p; p++) {
		int v;

		if (*p == '#')
			comment = true;
		if (*p == '\n')
			comment = false;
		if (comment)
			continue;
		v = nea_hex_digit((unsigned char)*p);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	free(text);
	*len = n;
	return out;
}

/* ------------------------------------------------------------ the server */

static int run_quiet(const char *cmd, char *out, size_t outlen)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;

	if (!p)
		return -1;
	if (out) {
		while (n + 1 < outlen) {
			size_t r = fread(out + n, 1, outlen - 1 - n, p);
			if (r == 0)
				break;
			n += r;
		}
		out[n] = '\0';
	} else {
		char buf[4096];
		while (fread(buf, 1, sizeof(buf), p) > 0)
			;
	}
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_conf(void)
{
	char path[1200];
	FILE *f;
	bool root = geteuid() == 0;

	FMT(g.conf, "%s/nea.conf", g.dir);
	f = fopen(g.conf, "w");
	if (!f)
		die("cannot write %s", g.conf);
	fprintf(f,
		"nea {\n"
		"  rundir = run\n  tnc_config = tnc_config\n  swanctl = swanctl.conf\n"
		"  pttls {\n    address = 127.0.0.1\n    port = 0\n"
		"    cert = pki/serverCert.pem\n    key = pki/serverKey.pem\n"
		"    cacert = pki/caCert.pem\n    auth = tls_or_sasl\n"
		"    max_connections = 2048\n  }\n"
		"  brokerd {\n    max_connections = 4096\n  }\n"
		"  daemons {\n    policyd = yes\n    brokerd = yes\n    imvd = yes\n"
		"    pttlsd = yes\n    iked = no\n    imcd = no\n  }\n"
		"%s"
		"  log {\n    default = %d\n  }\n"
		"}\n"
		"libimcv {\n  database = sqlite://nea.db\n}\n",
		/* As root the daemons stay root here: the scratch directory
		 * and database need no ownership changes, and the figures do
		 * not depend on the user. */
		root ? "  users {\n    policyd = root\n    brokerd = root\n    imvd = root\n"
		       "    pttlsd = root\n    iked = root\n    imcd = root\n  }\n  group = root\n"
		     : "",
		g.log_level);
	fclose(f);
	FMT(path, "%s/tnc_config", g.dir);
	f = fopen(path, "w");
	if (!f)
		die("cannot write %s", path);
	fprintf(f, "IMV \"OS\"      /usr/lib/ipsec/imcvs/imv-os.so\n"
		   "IMV \"Scanner\" /usr/lib/ipsec/imcvs/imv-scanner.so\n");
	fclose(f);
}

static void start_server(void)
{
	char cmd[4096], log[1200];
	double deadline;

	strcpy(g.dir, "/tmp/nea-bench-XXXXXX");
	if (!mkdtemp(g.dir))
		die("mkdtemp: %s", strerror(errno));
	chmod(g.dir, 0755);
	FMT(cmd, "cp -r '%s/deploy/examples/pki' '%s/deploy/examples/swanctl.conf' '%s/'",
		 g.src, g.src, g.dir);
	if (system(cmd) != 0)
		die("cannot copy the example PKI from %s (use --src)", g.src);
	write_conf();
	FMT(log, "%s/master.log", g.dir);
	g.master = fork();
	if (g.master < 0)
		die("fork: %s", strerror(errno));
	if (g.master == 0) {
		char master[1100];
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || chdir(g.dir) != 0)
			_exit(127);
		dup2(fd, 1);
		dup2(fd, 2);
		setsid();
		FMT(master, "%s/nea-master", g.bin);
		execl(master, "nea-master", "--config", g.conf, (char *)NULL);
		_exit(127);
	}
	/* nea-pttlsd names the port the kernel chose, then nea status says
	 * every daemon runs with its links up. */
	deadline = now_s() + 60;
	while (!g.port) {
		char *text = slurp(log, NULL);
		const char *m = text ? strstr(text, "PT-TLS server listening on 127.0.0.1 port ") : NULL;

		if (m)
			g.port = (uint16_t)atoi(m + strlen("PT-TLS server listening on 127.0.0.1 port "));
		free(text);
		if (waitpid(g.master, NULL, WNOHANG) == g.master) {
			g.master = 0;
			die("nea-master exited; see %s", log);
		}
		if (now_s() > deadline)
			die("nea-pttlsd did not start; see %s", log);
		usleep(50000);
	}
	/* relative paths in the configuration are taken from its directory */
	FMT(cmd, "cd '%s' && '%s/nea' status --config '%s' >/dev/null 2>&1", g.dir, g.bin,
		 g.conf);
	while (system(cmd) != 0) {
		if (now_s() > deadline)
			die("the daemons did not become healthy; see %s", log);
		usleep(50000);
	}
	/* healthy is about links; the IMVs serve once nea-brokerd has them */
	for (;;) {
		char *text = slurp(log, NULL);
		bool reg = text && strstr(text, "registered by nea-imvd pid");

		free(text);
		if (reg)
			break;
		if (now_s() > deadline)
			die("nea-imvd did not register its IMVs; see %s", log);
		usleep(50000);
	}
}

static void stop_server(void)
{
	int st;

	if (g.master <= 0)
		return;
	kill(g.master, SIGTERM);
	waitpid(g.master, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fprintf(stderr, "bench_assess: nea-master exited with status %d; files kept in %s\n", st,
			g.dir);
	else if (!g.keep) {
		char cmd[1300];

		FMT(cmd, "rm -rf '%s'", g.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_assess: could not remove %s\n", g.dir);
	} else {
		printf("server files kept in %s\n", g.dir);
	}
}

/* Daemon pids from `nea status --raw` ("daemon name=imvd ... pid=123 ..."). */
static void daemon_pids(pid_t pids[N_DAEMONS])
{
	char cmd[4096], out[16384];

	FMT(cmd, "cd '%s' && '%s/nea' status --config '%s' --raw 2>/dev/null", g.dir, g.bin,
		 g.conf);
	memset(pids, 0, sizeof(pid_t) * N_DAEMONS);
	run_quiet(cmd, out, sizeof(out));
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "daemon ", 7) != 0)
			continue;
		for (size_t i = 0; i < N_DAEMONS; i++) {
			char key[32];
			const char *p;

			snprintf(key, sizeof(key), " name=%s ", daemons[i]);
			if (!strstr(line, key) || !(p = strstr(line, " pid=")))
				continue;
			pids[i] = (pid_t)atoi(p + 5);
		}
	}
}

/* VmHWM / VmRSS of a process in KiB (0 when unreadable). */
static long vm_kib(pid_t pid, const char *field)
{
	char path[64], *text, *p;
	long v = 0;

	FMT(path, "/proc/%d/status", (int)pid);
	text = slurp(path, NULL);
	if (text && (p = strstr(text, field)))
		v = atol(p + strlen(field) + 1);
	free(text);
	return v;
}

/* CPU seconds (user + system) a process has used so far (0 if unknown). */
static double cpu_s(pid_t pid)
{
	char path[64], *text, *p;
	unsigned long ut = 0, st = 0;

	FMT(path, "/proc/%d/stat", (int)pid);
	text = slurp(path, NULL);
	/* fields after the ")" closing the command name: state is field 3,
	 * utime and stime are fields 14 and 15 */
	if (text && (p = strrchr(text, ')')) &&
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		ut = st = 0;
	free(text);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* ------------------------------------------------------------ the clients */

/* The PB-Assessment-Result of a RESULT batch (IETF type 2), or -1. */
static int evaluation(const uint8_t *b, size_t len)
{
	size_t off = 8;

	while (off + 12 <= len) {
		uint32_t vendor = (uint32_t)b[off + 1] << 16 | (uint32_t)b[off + 2] << 8 | b[off + 3];
		uint32_t type = (uint32_t)b[off + 4] << 24 | (uint32_t)b[off + 5] << 16 |
				(uint32_t)b[off + 6] << 8 | b[off + 7];
		uint32_t mlen = (uint32_t)b[off + 8] << 24 | (uint32_t)b[off + 9] << 16 |
				(uint32_t)b[off + 10] << 8 | b[off + 11];

		if (mlen < 12 || mlen > len - off)
			return -1;
		if (vendor == 0 && type == 2 && mlen == 16)
			return b[off + 15];
		off += mlen;
	}
	return -1;
}

/* One assessment; 0 or a negative code with the reason in err. */
static int assess_once(uint8_t *first, char *err, size_t errlen)
{
	static const char secret[] = "3s9RFGdWE5EW";
	pttls_client_opts_t o = {
		.host = "127.0.0.1", .port = g.port, .cacert = g.cacert,
		.client_id = "jane", .secret = (const uint8_t *)secret, .secret_len = strlen(secret),
		.timeout_ms = 60000,
	};
	pttls_client_t *c = pttls_client_new(&o);
	uint8_t *in = NULL;
	size_t in_len = 0;
	int rc;

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NEA_ENOMEM;
	}
	if (g.cold) {
		unsigned long id;

		pthread_mutex_lock(&lock);
		id = ++device_seq;
		pthread_mutex_unlock(&lock);
		char hex[33];
		snprintf(hex, sizeof(hex), "be9c%012lx%016lx", (unsigned long)getpid() & 0xffffffffffUL, id);
		memcpy(first + device_off, hex, 32);
	}
	rc = pttls_client_connect(c);
	if (!rc)
		rc = pttls_client_send_batch(c, first, cdata1_len);
	if (!rc)
		rc = pttls_client_recv_batch(c, &in, &in_len);
	if (!rc && in_len >= 8 && (in[3] & 0x0f) == 2) { /* SDATA: the packages */
		free(in);
		in = NULL;
		rc = pttls_client_send_batch(c, cdata3, cdata3_len);
		if (!rc)
			rc = pttls_client_recv_batch(c, &in, &in_len);
	}
	if (!rc && (in_len < 8 || (in[3] & 0x0f) != 3)) {
		snprintf(err, errlen, "expected a RESULT batch, got type %d", in_len >= 8 ? in[3] & 0x0f : -1);
		rc = NEA_ESTATE;
	} else if (!rc && (evaluation(in, in_len) < 0 || evaluation(in, in_len) == 3)) {
		/* 3 = error: a fail-safe verdict, not the verifiers' work */
		snprintf(err, errlen, "RESULT with evaluation %d (fail-safe or none)", evaluation(in, in_len));
		rc = NEA_ESTATE;
	} else if (!rc) {
		free(in);
		in = NULL;
		rc = pttls_client_send_batch(c, close_batch, sizeof(close_batch));
		if (!rc) {
			rc = pttls_client_recv_batch(c, &in, &in_len);
			/* the server closes after the CLOSE: that is the end */
			if (rc == NEA_ECLOSED) {
				rc = 0;
			} else if (!rc) {
				snprintf(err, errlen, "server sent a batch after CLOSE");
				rc = NEA_ESTATE;
			}
		}
	}
	if (rc && !err[0])
		snprintf(err, errlen, "%s", pttls_client_error(c));
	free(in);
	pttls_client_free(c);
	return rc;
}

static void *client_main(void *arg)
{
	uint8_t *first = malloc(cdata1_len);

	(void)arg;
	if (!first)
		return NULL;
	memcpy(first, cdata1, cdata1_len);
	while (now_s() < t_end) {
		char err[256] = "";
		double t0 = now_s();
		int rc = assess_once(first, err, sizeof(err));
		double dt = now_s() - t0;

		pthread_mutex_lock(&lock);
		if (rc) {
			if (!n_fail++)
				snprintf(first_error, sizeof(first_error), "%s (%d)", err, rc);
		} else {
			if (n_lat == cap_lat) {
				size_t nc = cap_lat ? cap_lat * 2 : 4096;
				double *q = realloc(lat, nc * sizeof(*q));
				if (q) {
					lat = q;
					cap_lat = nc;
				}
			}
			if (n_lat < cap_lat)
				lat[n_lat++] = dt;
		}
		pthread_mutex_unlock(&lock);
	}
	free(first);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double p)
{
	size_t i = (size_t)(p * (double)(n_lat - 1) + 0.5);

	return lat[i < n_lat ? i : n_lat - 1];
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench_assess [-c CLIENTS] [-t SECONDS] [--cold] [-l LOGLEVEL]\n"
		   "                    [--bin DIR] [--src DIR] [--config FILE --port P] [--keep]\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "clients", required_argument, NULL, 'c' }, { "seconds", required_argument, NULL, 't' },
		{ "cold", no_argument, NULL, 'C' },          { "log", required_argument, NULL, 'l' },
		{ "bin", required_argument, NULL, 'b' },     { "src", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'f' },  { "port", required_argument, NULL, 'p' },
		{ "keep", no_argument, NULL, 'k' },          { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	pid_t pids[N_DAEMONS];
	double cpu0[N_DAEMONS];
	struct rusage ru0, ru1;
	pthread_t *th;
	struct rlimit rl;
	double t0, elapsed;
	long total_hwm = 0;
	int opt;
	char *self, *slash, warm_err[256] = "";

	FMT(g.src, "%s", getenv("NEA_SOURCE_DIR") ? getenv("NEA_SOURCE_DIR") : NEA_SOURCE_DIR);
	self = realpath("/proc/self/exe", NULL);
	if (self && (slash = strrchr(self, '/'))) {
		*slash = '\0';
		FMT(g.bin, "%s", self);
	}
	free(self);
	while ((opt = getopt_long(argc, argv, "c:t:l:h", lo, NULL)) != -1) {
		switch (opt) {
		case 'c': g.clients = atoi(optarg); break;
		case 't': g.seconds = atof(optarg); break;
		case 'C': g.cold = true; break;
		case 'l': g.log_level = atoi(optarg); break;
		case 'b': FMT(g.bin, "%s", optarg); break;
		case 's': FMT(g.src, "%s", optarg); break;
		case 'f': FMT(g.conf, "%s", optarg); break;
		case 'p': g.port = (uint16_t)atoi(optarg); break;
		case 'k': g.keep = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || g.clients < 1 || g.clients > 4096 || g.seconds <= 0 || g.seconds > 3600 ||
	    g.log_level < -1 || g.log_level > 4 || (!g.conf[0] != !g.port)) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* the client library's per-connection lines would drown the figures */
	nea_log_init("bench_assess", false);
	nea_log_set_default(0);
	/* 256 clients and as many server connections: descriptors to spare. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	cdata1 = load_capture("run1_password_freshdb_01_pdp_recv_CDATA", &cdata1_len);
	cdata3 = load_capture("run1_password_freshdb_03_pdp_recv_CDATA", &cdata3_len);
	{
		const uint8_t *d = memmem(cdata1, cdata1_len, CAPTURE_DEVICE, 32);
		if (!d)
			die("the captured CDATA has no Device ID");
		device_off = (size_t)(d - cdata1);
	}
	if (!g.conf[0]) {
		start_server();
		FMT(g.cacert, "%s/pki/caCert.pem", g.dir);
	} else {
		char *slash2;

		FMT(g.dir, "%s", g.conf);
		slash2 = strrchr(g.dir, '/');
		if (slash2)
			*slash2 = '\0';
		else
			FMT(g.dir, ".");
		FMT(g.cacert, "%s/deploy/examples/pki/caCert.pem", g.src);
	}

	/* One assessment first: the device becomes known (warm mode) and the
	 * path is checked before anything is measured. */
	if (assess_once(cdata1, warm_err, sizeof(warm_err)) != 0)
		die("the warm-up assessment failed: %s", warm_err);

	printf("bench_assess: %d client(s), %.0f s, %s device, PT-TLS 127.0.0.1 port %u, log level %d\n",
	       g.clients, g.seconds, g.cold ? "a new (834 packages checked)" : "a known (packages skipped)",
	       g.port, g.log_level);
	daemon_pids(pids);
	for (size_t i = 0; i < N_DAEMONS; i++)
		cpu0[i] = pids[i] ? cpu_s(pids[i]) : 0;
	getrusage(RUSAGE_SELF, &ru0);
	th = calloc((size_t)g.clients, sizeof(*th));
	if (!th)
		die("out of memory");
	t0 = now_s();
	t_end = t0 + g.seconds;
	for (int i = 0; i < g.clients; i++)
		if (pthread_create(&th[i], NULL, client_main, NULL) != 0)
			die("cannot start client threads");
	for (int i = 0; i < g.clients; i++)
		pthread_join(th[i], NULL);
	elapsed = now_s() - t0;
	free(th);
	getrusage(RUSAGE_SELF, &ru1);

	printf("assessments: %zu completed, %lu failed in %.2f s\n", n_lat, n_fail, elapsed);
	if (n_fail)
		printf("first failure: %s\n", first_error);
	if (n_lat) {
		qsort(lat, n_lat, sizeof(*lat), cmp_double);
		printf("throughput: %.1f assessments/s\n", (double)n_lat / elapsed);
		printf("latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", pct(0.5) * 1e3, pct(0.99) * 1e3,
		       lat[n_lat - 1] * 1e3);
	}
	for (size_t i = 0; i < N_DAEMONS; i++) {
		long hwm = pids[i] ? vm_kib(pids[i], "VmHWM:") : 0;

		total_hwm += hwm;
		printf("nea-%-8s pid %-7d peak RSS %6.1f MiB (now %.1f MiB), CPU %5.2f s\n", daemons[i],
		       (int)pids[i], (double)hwm / 1024,
		       pids[i] ? (double)vm_kib(pids[i], "VmRSS:") / 1024 : 0.0,
		       pids[i] ? cpu_s(pids[i]) - cpu0[i] : 0.0);
	}
	printf("clients (this program): CPU %.2f s\n",
	       (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
		       (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec -
				ru0.ru_stime.tv_usec) / 1e6);
	printf("all daemons: peak RSS %.1f MiB together\n", (double)total_hwm / 1024);
	if (g.master > 0)
		printf("(nea-master, the supervisor: peak RSS %.1f MiB)\n",
		       (double)vm_kib(g.master, "VmHWM:") / 1024);
	free(lat);
	stop_server();
	free(cdata1);
	free(cdata3);
	return n_lat ? 0 : 1;
}

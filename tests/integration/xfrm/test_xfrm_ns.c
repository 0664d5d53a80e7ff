/*
 * The real nea-xfrm helper, started through the nea_xfrm client, in a
 * network namespace of its own, checked against what `ip xfrm` reports.
 *
 *   test_xfrm_ns policy|sa|refuse|sandbox
 *
 *   policy   policies for v4 and v6 selectors (and a TCP port) over IPv4
 *            endpoints: out/in/fwd with the tunnel template and reqid as
 *            `ip xfrm policy` prints them; deleted by reqid; removed by
 *            the helper when nea-iked closes the socket, when nea-iked is
 *            killed with SIGKILL, and on SIGTERM.
 *   sa       ESP tunnel SA pairs with AES-CBC-256 + HMAC-SHA2-256,
 *            AES-GCM-16-256 and ChaCha20-Poly1305 as `ip xfrm state`
 *            prints them, deleted by reqid, flushed at exit. A kernel
 *            without ESP (CONFIG_INET_ESP) or without the algorithm skips.
 *   refuse   what the helper refuses end to end (unallocated reqids,
 *            weak algorithms, short keys, garbage, oversized packets, the
 *            CHILD_SA cap) leaves nothing in the kernel and the helper
 *            keeps serving.
 *   sandbox  the running helper holds CAP_NET_ADMIN and nothing else, has
 *            no-new-privs and a seccomp filter, and no inherited fds; told
 *            to become uid 65534 it does, keeps CAP_NET_ADMIN and installs
 *            policies; started by an unprivileged caller it has no
 *            capability and the kernel's EPERM reaches the caller.
 *
 * Needs root (unshare(CLONE_NEWNET) and CAP_NET_ADMIN): otherwise it
 * prints why and exits 77, registered as ctest's SKIP_RETURN_CODE.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "xfrm_client.h"

#define SKIP 77

static int failures;

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			failures++;                                          \
		}                                                            \
	} while (0)

static char helper_path[4096];

__attribute__((format(printf, 1, 2))) static void skip(const char *fmt, ...)
{
	va_list ap;

	printf("SKIP: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(SKIP);
}

/* Output of a command (stdout), at most cap-1 bytes. */
static void run(const char *cmd, char *out, size_t cap)
{
	FILE *f = popen(cmd, "r");
	size_t n = 0;

	out[0] = '\0';
	if (!f)
		return;
	while (n + 1 < cap) {
		size_t r = fread(out + n, 1, cap - 1 - n, f);

		if (r == 0)
			break;
		n += r;
	}
	out[n] = '\0';
	pclose(f);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void ip4(xfrm_ip_t *ip, const char *s)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = 4;
	if (inet_pton(AF_INET, s, ip->addr) != 1)
		abort();
}

static void ts(xfrm_ts_t *t, int fam, const char *s, uint8_t plen, uint8_t proto, uint16_t port)
{
	memset(t, 0, sizeof(*t));
	t->net.family = (uint8_t)fam;
	if (inet_pton(fam == 4 ? AF_INET : AF_INET6, s, t->net.addr) != 1)
		abort();
	t->plen = plen;
	t->proto = proto;
	t->port = port;
}

static void spawn(xfrm_client_t *c, unsigned max_children)
{
	xfrm_client_opts_t o = {.path = helper_path, .max_children = max_children, .debug = 2};
	int rc = xfrm_client_spawn(c, &o);

	if (rc < 0) {
		fprintf(stderr, "FAIL: helper did not start: %s\n", nea_strerror(rc));
		exit(1);
	}
}

static void wait_gone(pid_t pid)
{
	for (int i = 0; i < 200 && kill(pid, 0) == 0; i++)
		usleep(10000);
}

static xfrm_ip_t local_ip, remote_ip;

static int add_three_pairs(xfrm_client_t *c, uint32_t reqid)
{
	xfrm_ts_t l, r;
	int rc;

	ts(&l, 4, "10.1.0.0", 16, 0, 0);
	ts(&r, 4, "10.3.0.1", 32, 0, 0);
	rc = xfrm_client_add_policies(c, reqid, &local_ip, &remote_ip, &l, &r);
	CHECK(rc == 0, "v4 policies: %s (errno %u)", nea_strerror(rc), c->last_kerrno);
	ts(&l, 6, "fd00:1::", 64, 0, 0);
	ts(&r, 6, "fd00:3::1", 128, 0, 0);
	rc = xfrm_client_add_policies(c, reqid, &local_ip, &remote_ip, &l, &r);
	CHECK(rc == 0, "v6 policies: %s (errno %u)", nea_strerror(rc), c->last_kerrno);
	ts(&l, 4, "10.1.2.0", 24, IPPROTO_TCP, 443);
	ts(&r, 4, "10.3.0.1", 32, IPPROTO_TCP, 0);
	rc = xfrm_client_add_policies(c, reqid, &local_ip, &remote_ip, &l, &r);
	CHECK(rc == 0, "tcp/443 policies: %s (errno %u)", nea_strerror(rc), c->last_kerrno);
	return rc;
}

static int scenario_policy(void)
{
	xfrm_client_t c;
	uint32_t reqid = 0;
	char out[65536], want[256];
	pid_t pid;
	int rc;

	spawn(&c, 0);
	rc = xfrm_client_alloc_reqid(&c, &reqid);
	CHECK(rc == 0 && reqid != 0, "alloc reqid: %s", nea_strerror(rc));
	add_three_pairs(&c, reqid);
	run("ip xfrm policy", out, sizeof(out));
	printf("--- ip xfrm policy after adding:\n%s", out);
	CHECK(count(out, "dir out") == 3 && count(out, "dir in") == 3 && count(out, "dir fwd") == 3,
	      "expected 3 policies per direction");
	CHECK(count(out, "src 10.1.0.0/16 dst 10.3.0.1/32") == 1, "out selector v4");
	CHECK(count(out, "src 10.3.0.1/32 dst 10.1.0.0/16") == 2, "in+fwd selector v4");
	CHECK(count(out, "src fd00:1::/64 dst fd00:3::1/128") == 1, "out selector v6");
	CHECK(count(out, "src fd00:3::1/128 dst fd00:1::/64") == 2, "in+fwd selector v6");
	CHECK(count(out, "src 10.1.2.0/24 dst 10.3.0.1/32 proto tcp sport 443") == 1,
	      "out selector tcp/443");
	CHECK(count(out, "tmpl src 192.0.2.1 dst 198.51.100.7") == 3, "out templates");
	CHECK(count(out, "tmpl src 198.51.100.7 dst 192.0.2.1") == 6, "in/fwd templates");
	snprintf(want, sizeof(want), "proto esp reqid %u mode tunnel", reqid);
	CHECK(count(out, want) == 9, "every template ESP tunnel with reqid %u", reqid);

	/* the same selector pair again is refused and changes nothing */
	{
		xfrm_ts_t l, r;

		ts(&l, 4, "10.1.0.0", 16, 0, 0);
		ts(&r, 4, "10.3.0.1", 32, 0, 0);
		rc = xfrm_client_add_policies(&c, reqid, &local_ip, &remote_ip, &l, &r);
		CHECK(rc == NEA_EEXIST, "duplicate selectors: %s", nea_strerror(rc));
	}

	rc = xfrm_client_del_policies(&c, reqid);
	CHECK(rc == 0, "del policies: %s", nea_strerror(rc));
	run("ip xfrm policy", out, sizeof(out));
	CHECK(out[0] == '\0', "policies left after delete:\n%s", out);
	rc = xfrm_client_del_policies(&c, reqid);
	CHECK(rc == NEA_ENOTFOUND, "second delete: %s", nea_strerror(rc));

	/* nea-iked goes away: the helper removes what it installed */
	add_three_pairs(&c, reqid);
	run("ip xfrm policy", out, sizeof(out));
	CHECK(count(out, "dir out") == 3, "re-added policies");
	pid = c.pid;
	xfrm_client_stop(&c);
	wait_gone(pid);
	run("ip xfrm policy", out, sizeof(out));
	CHECK(out[0] == '\0', "policies left after the helper's socket closed:\n%s", out);

	/* SIGTERM: the same */
	spawn(&c, 0);
	rc = xfrm_client_alloc_reqid(&c, &reqid);
	CHECK(rc == 0, "alloc after restart: %s", nea_strerror(rc));
	add_three_pairs(&c, reqid);
	run("ip xfrm policy", out, sizeof(out));
	CHECK(count(out, "dir in") == 3, "policies before SIGTERM");
	kill(c.pid, SIGTERM);
	{
		int st = 0;

		CHECK(waitpid(c.pid, &st, 0) == c.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "helper exit status after SIGTERM: 0x%x", st);
		c.pid = -1;
	}
	run("ip xfrm policy", out, sizeof(out));
	CHECK(out[0] == '\0', "policies left after SIGTERM:\n%s", out);
	xfrm_client_stop(&c);

	/* nea-iked killed outright: the socket closes with it, the helper flushes */
	pid = fork();
	if (pid == 0) {
		spawn(&c, 0);
		if (xfrm_client_alloc_reqid(&c, &reqid) < 0 || add_three_pairs(&c, reqid) < 0)
			_exit(1);
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	{
		int st = 0;

		CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		      "the stand-in nea-iked did not install and die: 0x%x", st);
	}
	for (int i = 0; i < 200; i++) {
		run("ip xfrm policy", out, sizeof(out));
		if (!out[0])
			break;
		usleep(10000);
	}
	CHECK(out[0] == '\0', "policies left after nea-iked was killed:\n%s", out);
	return failures ? 1 : 0;
}

static void fill(uint8_t *k, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		k[i] = (uint8_t)(seed + i * 7);
}

static void hex(char *out, const uint8_t *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", k[i]);
}

static int scenario_sa(void)
{
	static const struct {
		const char *label;
		uint16_t encr, keylen, integ;
		size_t ekey, ikey;
		const char *ip_words; /* what `ip xfrm state` prints */
	} algs[] = {
		{"AES-CBC-256 + HMAC-SHA2-256-128", 12, 256, 12, 32, 32, "enc cbc(aes)"},
		{"AES-GCM-16-256", 20, 256, 0, 36, 0, "aead rfc4106(gcm(aes))"},
		{"ChaCha20-Poly1305", 28, 0, 0, 36, 0, "aead rfc7539esp(chacha20,poly1305)"},
	};
	xfrm_client_t c;
	char out[65536], want[512], khex[200];
	int installed = 0, no_esp = 0, rc;
	pid_t pid;

	spawn(&c, 0);
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		uint8_t ei[36], eo[36], ii[32], io[32];
		xfrm_sa_pair_t p = {0};
		uint32_t reqid;

		rc = xfrm_client_alloc_reqid(&c, &reqid);
		CHECK(rc == 0, "alloc: %s", nea_strerror(rc));
		fill(ei, sizeof(ei), 1);
		fill(eo, sizeof(eo), 2);
		fill(ii, sizeof(ii), 3);
		fill(io, sizeof(io), 4);
		p.reqid = reqid;
		p.local = local_ip;
		p.remote = remote_ip;
		p.spi_in = 0xc1000000u + (uint32_t)i;
		p.spi_out = 0xc2000000u + (uint32_t)i;
		p.encr = algs[i].encr;
		p.encr_keylen = algs[i].keylen;
		p.integ = algs[i].integ;
		p.ekey_in = ei;
		p.ekey_out = eo;
		p.ekey_len = algs[i].ekey;
		p.ikey_in = algs[i].ikey ? ii : NULL;
		p.ikey_out = algs[i].ikey ? io : NULL;
		p.ikey_len = algs[i].ikey;
		rc = xfrm_client_add_sa_pair(&c, &p);
		if (rc == NEA_EIO && c.last_kerrno == EPROTONOSUPPORT) {
			/* The kernel looks the ESP type up after it parsed the
			 * message and found the algorithms: this answer means
			 * everything before that was accepted. */
			printf("note: %s: NEWSA accepted up to the ESP type lookup, which this "
			       "kernel lacks\n", algs[i].label);
			no_esp++;
			(void)xfrm_client_release(&c, reqid);
			continue;
		}
		if (rc == NEA_EIO && c.last_kerrno == ENOSYS) {
			printf("note: kernel lacks %s (ENOSYS); not tested here\n", algs[i].label);
			(void)xfrm_client_release(&c, reqid);
			continue;
		}
		CHECK(rc == 0, "%s SA pair: %s (errno %u)", algs[i].label, nea_strerror(rc),
		      c.last_kerrno);
		if (rc)
			continue;
		installed++;
		run("ip xfrm state", out, sizeof(out));
		printf("--- ip xfrm state with %s:\n%s", algs[i].label, out);
		snprintf(want, sizeof(want), "src 198.51.100.7 dst 192.0.2.1\n\tproto esp spi 0x%08x reqid %u mode tunnel",
			 p.spi_in, reqid);
		CHECK(strstr(out, want), "inbound SA missing: %s", want);
		snprintf(want, sizeof(want), "src 192.0.2.1 dst 198.51.100.7\n\tproto esp spi 0x%08x reqid %u mode tunnel",
			 p.spi_out, reqid);
		CHECK(strstr(out, want), "outbound SA missing: %s", want);
		CHECK(count(out, algs[i].ip_words) == 2, "%s twice", algs[i].ip_words);
		hex(khex, ei, algs[i].ekey);
		CHECK(strstr(out, khex), "inbound key not as sent");
		if (algs[i].ikey)
			CHECK(count(out, "auth-trunc hmac(sha256)") == 2, "auth-trunc twice");
		rc = xfrm_client_del_sa_pair(&c, reqid);
		CHECK(rc == 0, "delete SA pair: %s", nea_strerror(rc));
		run("ip xfrm state", out, sizeof(out));
		CHECK(out[0] == '\0', "SAs left after delete:\n%s", out);
		/* installed again and left for the exit flush */
		rc = xfrm_client_add_sa_pair(&c, &p);
		CHECK(rc == 0, "%s again: %s", algs[i].label, nea_strerror(rc));
	}
	if (!installed && no_esp) {
		xfrm_client_stop(&c);
		skip("this kernel has no ESP (CONFIG_INET_ESP): it answered EPROTONOSUPPORT "
		     "('Requested type not found') to NEWSA for %d of 3 algorithms; SA pairs "
		     "cannot be installed here (policies: the 'policy' scenario)", no_esp);
	}
	if (!installed) {
		xfrm_client_stop(&c);
		skip("the kernel offers none of the allowed ESP algorithms");
	}
	pid = c.pid;
	xfrm_client_stop(&c);
	wait_gone(pid);
	run("ip xfrm state", out, sizeof(out));
	CHECK(out[0] == '\0', "SAs left after the helper exited:\n%s", out);
	return failures ? 1 : 0;
}

static int scenario_refuse(void)
{
	xfrm_client_t c;
	xfrm_ans_t ans;
	uint8_t key[64] = {0}, big[2000] = {0};
	xfrm_sa_pair_t p = {0};
	xfrm_ts_t l, r;
	uint32_t a, b, d;
	char out[8192];
	int rc;

	spawn(&c, 2);
	CHECK(c.max_children == 2, "READY reports the cap: %u", c.max_children);
	ts(&l, 4, "10.1.0.0", 16, 0, 0);
	ts(&r, 4, "10.3.0.1", 32, 0, 0);
	rc = xfrm_client_add_policies(&c, 4711, &local_ip, &remote_ip, &l, &r);
	CHECK(rc == NEA_EPERM, "unallocated reqid: %s", nea_strerror(rc));

	rc = xfrm_client_alloc_reqid(&c, &a);
	CHECK(rc == 0, "alloc 1");
	rc = xfrm_client_alloc_reqid(&c, &b);
	CHECK(rc == 0 && b != a, "alloc 2");
	rc = xfrm_client_alloc_reqid(&c, &d);
	CHECK(rc == NEA_ETOOBIG, "third reqid over the cap of 2: %s", nea_strerror(rc));

	p.reqid = a;
	p.local = local_ip;
	p.remote = remote_ip;
	p.spi_in = 0xc1000001;
	p.spi_out = 0xc2000001;
	p.encr = 3; /* 3DES */
	p.encr_keylen = 0;
	p.integ = 2;
	p.ekey_in = p.ekey_out = key;
	p.ekey_len = 24;
	p.ikey_in = p.ikey_out = key;
	p.ikey_len = 20;
	rc = xfrm_client_add_sa_pair(&c, &p);
	CHECK(rc == NEA_EUNSUPPORTED, "3DES/SHA1: %s", nea_strerror(rc));
	p.encr = 12;
	p.encr_keylen = 256;
	p.ekey_len = 32;
	p.integ = 0;
	p.ikey_len = 0;
	rc = xfrm_client_add_sa_pair(&c, &p);
	CHECK(rc == NEA_EUNSUPPORTED, "AES-CBC without integrity: %s", nea_strerror(rc));
	p.integ = 12;
	p.ikey_in = p.ikey_out = key;
	p.ikey_len = 16;
	rc = xfrm_client_add_sa_pair(&c, &p);
	CHECK(rc == NEA_EINVAL, "short HMAC key: %s", nea_strerror(rc));
	p.spi_in = 17;
	p.ikey_len = 32;
	rc = xfrm_client_add_sa_pair(&c, &p);
	CHECK(rc == NEA_EINVAL, "reserved SPI: %s", nea_strerror(rc));
	ts(&l, 4, "10.1.0.1", 16, 0, 0);
	rc = xfrm_client_add_policies(&c, a, &local_ip, &remote_ip, &l, &r);
	CHECK(rc == NEA_EINVAL, "host bits: %s", nea_strerror(rc));

	rc = xfrm_client_raw(&c, (const uint8_t *)"\x01\x63\x00\x08\x00\x00\x00\x63", 8, &ans);
	CHECK(rc == 0 && ans.status == NEA_EUNSUPPORTED && ans.seq == 0x63,
	      "unknown type: rc %d status %d", rc, ans.status);
	big[0] = 1;
	big[1] = XFRM_REQ_FLUSH;
	big[7] = 0x64;
	rc = xfrm_client_raw(&c, big, sizeof(big), &ans);
	CHECK(rc == 0 && ans.status == NEA_ETOOBIG && ans.seq == 0x64, "2000-byte packet: %d %d",
	      rc, ans.status);

	run("ip xfrm policy; ip xfrm state", out, sizeof(out));
	CHECK(out[0] == '\0', "refused requests left kernel state:\n%s", out);

	/* still serving */
	ts(&l, 4, "10.1.0.0", 16, 0, 0);
	rc = xfrm_client_add_policies(&c, a, &local_ip, &remote_ip, &l, &r);
	CHECK(rc == 0, "valid policies after refusals: %s", nea_strerror(rc));
	rc = xfrm_client_release(&c, a);
	CHECK(rc == 0, "release: %s", nea_strerror(rc));
	rc = xfrm_client_release(&c, a);
	CHECK(rc == NEA_EPERM, "released reqid is no longer the client's: %s", nea_strerror(rc));
	rc = xfrm_client_alloc_reqid(&c, &d);
	CHECK(rc == 0, "a slot is free again: %s", nea_strerror(rc));
	run("ip xfrm policy", out, sizeof(out));
	CHECK(out[0] == '\0', "release left policies:\n%s", out);
	xfrm_client_stop(&c);
	return failures ? 1 : 0;
}

static unsigned long long status_hex(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : ~0ull;
}

static int scenario_sandbox(void)
{
	xfrm_client_t c;
	char path[64], status[8192], fdpath[64];
	int fd, n, fds = 0;
	DIR *d;
	struct dirent *de;

	/* an inherited descriptor the helper must not keep */
	fd = open("/dev/null", O_RDONLY);
	CHECK(fd >= 0, "open /dev/null");
	spawn(&c, 0);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)c.pid);
	fd = open(path, O_RDONLY);
	n = fd >= 0 ? (int)read(fd, status, sizeof(status) - 1) : -1;
	if (fd >= 0)
		close(fd);
	CHECK(n > 0, "read %s", path);
	status[n > 0 ? n : 0] = '\0';
	CHECK(status_hex(status, "CapEff:\t") == (1ull << 12), "CapEff %llx",
	      status_hex(status, "CapEff:\t"));
	CHECK(status_hex(status, "CapPrm:\t") == (1ull << 12), "CapPrm");
	CHECK(status_hex(status, "CapInh:\t") == 0, "CapInh");
	CHECK(status_hex(status, "CapBnd:\t") == (1ull << 12), "CapBnd %llx",
	      status_hex(status, "CapBnd:\t"));
	CHECK(status_hex(status, "CapAmb:\t") == 0, "CapAmb");
	CHECK(strstr(status, "NoNewPrivs:\t1"), "no_new_privs");
	CHECK(strstr(status, "Seccomp:\t2"), "seccomp filter mode");
	snprintf(fdpath, sizeof(fdpath), "/proc/%d/fd", (int)c.pid);
	d = opendir(fdpath);
	CHECK(d != NULL, "opendir %s", fdpath);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && atoi(de->d_name) > 3)
			fds++;
	if (d)
		closedir(d);
	/* 0-2 stdio, 3 the socketpair, one netlink socket */
	CHECK(fds == 1, "helper holds %d descriptors above 3 (only the netlink socket expected)",
	      fds);
	xfrm_client_stop(&c);

	/* as nea-iked starts it: root in pre_init, the helper becomes the
	 * daemon's user and keeps CAP_NET_ADMIN, which the kernel honours */
	{
		xfrm_client_opts_t o = {.path = helper_path, .set_user = true, .uid = 65534,
					.gid = 65534};
		uint32_t reqid = 0;
		xfrm_ts_t l, r;
		char out[8192];
		int rc = xfrm_client_spawn(&c, &o);

		CHECK(rc == 0, "spawn as uid 65534: %s", nea_strerror(rc));
		snprintf(path, sizeof(path), "/proc/%d/status", (int)c.pid);
		fd = open(path, O_RDONLY);
		n = fd >= 0 ? (int)read(fd, status, sizeof(status) - 1) : -1;
		if (fd >= 0)
			close(fd);
		status[n > 0 ? n : 0] = '\0';
		CHECK(strstr(status, "Uid:\t65534\t65534\t65534\t65534"), "uid not 65534");
		CHECK(strstr(status, "Gid:\t65534\t65534\t65534\t65534"), "gid not 65534");
		{
			const char *g = strstr(status, "Groups:");
			bool none = g != NULL;

			for (g = g ? g + 7 : NULL; g && *g && *g != '\n'; g++)
				if (*g >= '0' && *g <= '9')
					none = false;
			CHECK(none, "supplementary groups kept");
		}
		CHECK(status_hex(status, "CapEff:\t") == (1ull << 12), "CapEff as 65534: %llx",
		      status_hex(status, "CapEff:\t"));
		rc = xfrm_client_alloc_reqid(&c, &reqid);
		ts(&l, 4, "10.1.0.0", 16, 0, 0);
		ts(&r, 4, "10.3.0.1", 32, 0, 0);
		if (rc == 0)
			rc = xfrm_client_add_policies(&c, reqid, &local_ip, &remote_ip, &l, &r);
		CHECK(rc == 0, "policies from the uid-65534 helper: %s (errno %u)", nea_strerror(rc),
		      c.last_kerrno);
		run("ip xfrm policy", out, sizeof(out));
		CHECK(count(out, "dir ") == 3, "policies of the uid-65534 helper:\n%s", out);
		xfrm_client_stop(&c);
		run("ip xfrm policy", out, sizeof(out));
		CHECK(out[0] == '\0', "uid-65534 helper left policies:\n%s", out);
	}

	/* started by an unprivileged nea-iked: no CAP_NET_ADMIN to keep, and
	 * the kernel's refusal reaches the caller as EPERM */
	{
		pid_t pid = fork();
		int st = 0;

		if (pid == 0) {
			uint32_t reqid = 0;
			xfrm_ts_t l, r;
			int rc;

			if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
			    setresuid(65534, 65534, 65534) < 0)
				_exit(3);
			spawn(&c, 0);
			rc = xfrm_client_alloc_reqid(&c, &reqid);
			ts(&l, 4, "10.1.0.0", 16, 0, 0);
			ts(&r, 4, "10.3.0.1", 32, 0, 0);
			if (rc == 0)
				rc = xfrm_client_add_policies(&c, reqid, &local_ip, &remote_ip, &l, &r);
			xfrm_client_stop(&c);
			_exit(rc == NEA_EIO && c.last_kerrno == EPERM ? 0 : 4);
		}
		CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "unprivileged helper: expected the kernel's EPERM (status 0x%x)", st);
	}
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *bin = getenv("NEA_BIN_DIR");
	const char *s = argc > 1 ? argv[1] : "";

	if (!bin) {
		fprintf(stderr, "NEA_BIN_DIR is not set\n");
		return 2;
	}
	snprintf(helper_path, sizeof(helper_path), "%s/nea-xfrm", bin);
	if (geteuid() != 0)
		skip("needs root for a network namespace and CAP_NET_ADMIN (uid %u)",
		     (unsigned)geteuid());
	if (unshare(CLONE_NEWNET) < 0)
		skip("unshare(CLONE_NEWNET) failed: %s", strerror(errno));
	ip4(&local_ip, "192.0.2.1");
	ip4(&remote_ip, "198.51.100.7");
	nea_log_set_level(NEA_LG_KNL, 2);
	if (!strcmp(s, "policy"))
		return scenario_policy();
	if (!strcmp(s, "sa"))
		return scenario_sa();
	if (!strcmp(s, "refuse"))
		return scenario_refuse();
	if (!strcmp(s, "sandbox"))
		return scenario_sandbox();
	fprintf(stderr, "usage: test_xfrm_ns policy|sa|refuse|sandbox\n");
	return 2;
}

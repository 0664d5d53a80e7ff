/*
 * tnccs_client: the client-side PB-TNC broker for a blocking transport
 * (`nea pt-tls-client`, later nea-iked as IKE initiator). It wraps
 * tnccs_client_core (the pure PB-TNC client) with a synchronous module.proto
 * link to an IMC host (nea-imcd) over one connected stream socket.
 *
 * Typical use (PT-TLS client, error handling shortened):
 *
 *     int fd; pid_t pid;
 *     tnccs_client_spawn_imcd(NULL, "/etc/nea/client.conf", NULL, &pid, &fd);
 *     tnccs_client_opts_t o = { .transport = NEA__TRANSPORT__TRANSPORT_PT_TLS,
 *                               .host_fd = fd, .server_addr = "127.0.0.1" };
 *     tnccs_client_t *tc;
 *     tnccs_client_new(&o, &tc);                 // reads the IMC list
 *     uint8_t *out; size_t out_len;
 *     int rc = tnccs_client_first_batch(tc, &out, &out_len);   // first CDATA
 *     while (rc == TNCCS_CLIENT_CONTINUE) {
 *         pttls_client_send_batch(pt, out, out_len); free(out);
 *         pttls_client_recv_batch(pt, &in, &in_len);
 *         rc = tnccs_client_process(tc, in, in_len, &out, &out_len);
 *         free(in);
 *     }
 *     if (rc == TNCCS_CLIENT_DONE && out) {      // the closing batch
 *         pttls_client_send_batch(pt, out, out_len); free(out);
 *     }
 *     const tnccs_result_t *r = tnccs_client_result(tc);  // verdict, reasons
 *     tnccs_client_free(tc);                    // closes fd: nea-imcd exits
 *     tnccs_client_reap_imcd(pid, 5000);
 *
 * Contract:
 *  - tnccs_client_new() takes ownership of host_fd (closed in free, also on
 *    failure). With host_fd < 0 the assessment runs without IMCs. When the
 *    host does not send its ModuleRegister within host_timeout_ms, or sends
 *    an unusable one, the client goes on without IMCs and logs why.
 *  - tnccs_client_first_batch() and tnccs_client_process() return
 *    TNCCS_CLIENT_CONTINUE (*out is a batch to send; more will come back),
 *    TNCCS_CLIENT_DONE (the PB-TNC connection reached End; *out is the last
 *    batch to send, e.g. the CLOSE after a RESULT, or NULL when there is
 *    nothing more to send), or a negative NEA_E* code (misuse). Protocol
 *    failures are not errors of these calls: the core answers them with a
 *    CLOSE carrying a PB-Error, and the result says what went wrong.
 *    *out is malloc'ed; the caller frees it.
 *  - Every wait for the IMC host is bounded by host_timeout_ms; a host that
 *    is silent, dies or breaks the protocol is dropped with a log line and
 *    the assessment continues without IMCs (as a strongSwan client whose
 *    IMCs fail).
 *  - tnccs_client_result() is valid until free: have_result/complete,
 *    the PB-Assessment-Result (evaluation), PB-Access-Recommendation (access
 *    and the IF-IMV recommendation), every PB-Reason-String with its
 *    language, PB-Remediation-Parameters, and every PA message the server
 *    sent (IETF Assessment Result / Remediation Instructions attributes for
 *    display are in there).
 *  - The process ignores SIGPIPE for its writes (MSG_NOSIGNAL); nothing here
 *    installs signal handlers. Single-threaded.
 */
#ifndef TNCCS_CLIENT_H
#define TNCCS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nea_conf.h"
#include "transport.pb-c.h"
#include "tnccs_result.h"

#define TNCCS_CLIENT_CONTINUE 0
#define TNCCS_CLIENT_DONE 1

#define TNCCS_CLIENT_HOST_TIMEOUT_MS 30000u
#define TNCCS_CLIENT_MAX_FRAME (4u * 1024u * 1024u)

typedef struct tnccs_client tnccs_client_t;

typedef struct {
	Nea__Transport transport;      /* UNKNOWN is taken as PT-TLS */
	/* PB-Language-Preference; NULL: <conf_ns>.plugins.tnc-imc.
	 * preferred_language from conf, else "en" */
	const char *language;
	const char *server_addr;       /* for the IMCs' connection attributes */
	Nea__Identity *const *identities; /* own identities for the IMCs */
	size_t n_identities;
	/* Limits: <conf_ns>.plugins.tnccs-20.max_batch_size / max_message_size
	 * from conf (conf_ns NULL: "pt-tls-client", as strongSwan's tool);
	 * conf may be NULL. max_batch, when non-zero, is what the transport
	 * can carry and can only lower the result. */
	const nea_conf_t *conf;
	const char *conf_ns;
	size_t max_batch;
	int host_fd;                   /* connected socket to nea-imcd; < 0: none */
	unsigned host_timeout_ms;      /* 0: TNCCS_CLIENT_HOST_TIMEOUT_MS */
	uint32_t conn_id;              /* TNCCS Connection ID; 0: 1 */
} tnccs_client_opts_t;

int tnccs_client_new(const tnccs_client_opts_t *o, tnccs_client_t **out);
int tnccs_client_first_batch(tnccs_client_t *c, uint8_t **out, size_t *out_len);
int tnccs_client_process(tnccs_client_t *c, const uint8_t *in, size_t len, uint8_t **out,
			 size_t *out_len);
bool tnccs_client_done(const tnccs_client_t *c);
/* How many IMCs the host registered (0 without a host). */
size_t tnccs_client_imcs(const tnccs_client_t *c);
const tnccs_result_t *tnccs_client_result(const tnccs_client_t *c);
/* Tells the host DELETE, closes host_fd, frees everything. NULL is ignored. */
void tnccs_client_free(tnccs_client_t *c);

/*
 * Start `imcd_path --broker-fd N --config config [--debug debug]` (imcd_path
 * NULL: "nea-imcd" next to /proc/self/exe, else found on PATH) with one end
 * of a fresh socketpair; *fd is our end (close-on-exec), *pid the child.
 * debug may be NULL. The child gets no other descriptor of ours besides
 * stdin/stdout/stderr.
 */
int tnccs_client_spawn_imcd(const char *imcd_path, const char *config, const char *debug,
			    pid_t *pid, int *fd);
/* Wait up to timeout_ms for the child to exit (it does once its socket
 * closes), then SIGTERM and, after another timeout_ms, SIGKILL. Returns the
 * exit status as waitpid gives it, or a negative NEA_E* code. */
int tnccs_client_reap_imcd(pid_t pid, unsigned timeout_ms);

#endif

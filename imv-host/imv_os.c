/*
 * The OS IMV (strongSwan imv_os): reads what the OS IMC reports about the
 * endpoint (Product Information, String and Numeric Version, Operational
 * Status, Forwarding Enabled, Factory Default Password Enabled, ITA-HSR
 * Device ID, Installed Packages, ITA Settings), records OS and device in
 * the connection's session, and checks installed packages against the
 * policy database through nea-policyd (PackageCheck, in chunks so no frame
 * grows with the package count). The handshake and the workitems live in
 * imv_os_batch.c, the texts in imv_os_text.c.
 */
#include "imv_os_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr_ietf_installed_packages.h"
#include "attr_ietf_numeric_version.h"
#include "attr_ietf_op_status.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_string_version.h"
#include "attr_ietf_u32.h"
#include "attr_ita_blob.h"
#include "attr_ita_settings.h"
#include "attr_names.h"
#include "attr_time.h"
#include "attr_types.h"
#include "nea_err.h"
#include "nea_log.h"

/* Packages per PackageCheck request: keeps each frame far below
 * nea.ipc.max_frame whatever the endpoint reports (at most 65535). */
#define OS_PKG_CHUNK 512u

static const char unknown_source_setting[] = "install_non_market_apps";

static const imv_sub_t os_subs[] = {
	{ PEN_IETF, 1 /* IETF/Operating System */ },
};

/* ------------------------------------------------------------ state */

static void str_list_free(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void imv_os_pkgcheck_free(os_pkgcheck_t *chk)
{
	if (!chk)
		return;
	str_list_free(chk->names, chk->n);
	str_list_free(chk->versions, chk->n);
	free(chk->status);
	free(chk);
}

static void os_clear(imv_os_t *os)
{
	str_list_free(os->update_pkgs, os->n_update);
	str_list_free(os->remove_pkgs, os->n_remove);
	imv_os_pkgcheck_free(os->chk);
	if (os->be_live)
		imv_out_free(&os->be_out);
	memset(os, 0, sizeof(*os));
}

static int os_create(imv_state_t *st)
{
	imv_os_t *os = calloc(1, sizeof(*os));

	if (!os)
		return NEA_ENOMEM;
	st->priv = os;
	return 0;
}

static void os_destroy(imv_state_t *st)
{
	imv_os_t *os = st->priv;

	if (!os)
		return;
	os_clear(os);
	free(os);
	st->priv = NULL;
}

static void os_reset(imv_state_t *st)
{
	/* a new handshake measures again from scratch */
	os_clear(st->priv);
}

/* ------------------------------------------------------------ packages */

static int list_push(char ***l, size_t *n, const char *s)
{
	char **nl = realloc(*l, (*n + 1) * sizeof(*nl));
	char *d;

	if (!nl)
		return NEA_ENOMEM;
	*l = nl;
	d = strdup(s);
	if (!d)
		return NEA_ENOMEM;
	nl[(*n)++] = d;
	return 0;
}

static char *dup_n(const uint8_t *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++)
		d[i] = s[i] ? (char)s[i] : '?'; /* a NUL cannot travel in a proto string */
	d[n] = '\0';
	return d;
}

static size_t chunk_len(const os_pkgcheck_t *chk, size_t first)
{
	return chk->n - first < OS_PKG_CHUNK ? chk->n - first : OS_PKG_CHUNK;
}

static void tally(imv_state_t *st, size_t i, uint32_t status)
{
	imv_os_t *os = st->priv;
	os_pkgcheck_t *chk = os->chk;
	const char *name = chk->names[i], *ver = chk->versions[i];

	os->count++;
	chk->status[i] = (uint8_t)(status < 4 ? status : 0);
	switch (status) {
	case 1:
		NLOG(IMV, 2, "package '%s' (%s) is ok", name, ver);
		os->count_ok++;
		break;
	case 2:
		NLOG(IMV, 1, "package '%s' (%s) is vulnerable", name, ver);
		os->count_update++;
		if (list_push(&os->update_pkgs, &os->n_update, name) < 0)
			chk->failed = true;
		break;
	case 3:
		NLOG(IMV, 1, "package '%s' (%s) is blacklisted", name, ver);
		os->count_blacklist++;
		if (list_push(&os->remove_pkgs, &os->n_remove, name) < 0)
			chk->failed = true;
		break;
	default:
		NLOG(IMV, 2, "package '%s' (%s) not found", name, ver);
		break;
	}
}

/* arg carries the index of the chunk's first package: no allocation that
 * a cancelled request could leak. The host never calls back once the
 * state is gone, and a reset cannot run while requests are outstanding. */
static void chunk_done(imv_state_t *st, const Nea__Envelope *reply, int err, void *arg)
{
	imv_os_t *os = st->priv;
	os_pkgcheck_t *chk = os->chk;
	size_t first = (size_t)(uintptr_t)arg, n;

	if (!chk || first >= chk->n)
		return;
	n = chunk_len(chk, first);
	if (chk->outstanding)
		chk->outstanding--;
	if (err || !reply || reply->body_case != NEA__ENVELOPE__BODY_PACKAGE_STATUS ||
	    reply->package_status->n_status != n) {
		NLOG(IMV, 1, "IMV %u: package check of Connection ID %u failed (%s)", st->imv_id,
		     st->conn_id, err ? nea_strerror(err) : "unexpected answer");
		chk->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		tally(st, first + i, reply->package_status->status[i]);
}

static int send_chunk(imv_state_t *st, os_pkgcheck_t *chk, size_t first)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PackageCheck pc = NEA__PACKAGE_CHECK__INIT;
	size_t n = chunk_len(chk, first);
	Nea__Package *pk = calloc(n, sizeof(*pk));
	Nea__Package **pp = calloc(n, sizeof(*pp));
	int rc;

	if (!pk || !pp) {
		free(pk);
		free(pp);
		return NEA_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		nea__package__init(&pk[i]);
		pk[i].name = chk->names[first + i];
		pk[i].version = chk->versions[first + i];
		pp[i] = &pk[i];
	}
	pc.product = (char *)imv_session_product(st);
	pc.n_packages = n;
	pc.packages = pp;
	env.body_case = NEA__ENVELOPE__BODY_PACKAGE_CHECK;
	env.package_check = &pc;
	chk->outstanding++;
	rc = imv_policy_request(st, &env, chunk_done, (void *)(uintptr_t)first);
	if (rc < 0)
		chk->outstanding--;
	free(pp);
	free(pk);
	return rc;
}

/* Start checking the installed packages; the answers arrive before the
 * host runs anything else of this connection. */
static void check_packages(imv_state_t *st, const attr_ietf_installed_packages_t *ip)
{
	imv_os_t *os = st->priv;
	os_pkgcheck_t *chk;

	if (imv_session_db(st) != IMV_DB_AVAILABLE)
		return; /* strongSwan without a database: packages are not looked at */
	NLOG(IMV, 1, "processing installed '%s' packages", imv_session_product(st));
	imv_os_pkgcheck_free(os->chk);
	os->chk = chk = calloc(1, sizeof(*chk));
	if (!chk)
		goto oom;
	if (ip->count) {
		chk->names = calloc(ip->count, sizeof(char *));
		chk->versions = calloc(ip->count, sizeof(char *));
		chk->status = calloc(ip->count, 1);
		if (!chk->names || !chk->versions || !chk->status)
			goto oom;
	}
	for (size_t i = 0; i < ip->count; i++) {
		chk->names[i] = dup_n(ip->entries[i].name, ip->entries[i].name_len);
		chk->versions[i] = dup_n(ip->entries[i].version, ip->entries[i].version_len);
		chk->n = i + 1;
		if (!chk->names[i] || !chk->versions[i])
			goto oom;
	}
	for (size_t first = 0; first < chk->n; first += OS_PKG_CHUNK) {
		if (send_chunk(st, chk, first) < 0)
			goto oom;
	}
	return;
oom:
	NLOG(IMV, 0, "IMV %u: out of memory checking the packages of Connection ID %u",
	     st->imv_id, st->conn_id);
	if (os->chk)
		os->chk->failed = true;
}

/* ------------------------------------------------------------ receive */

static void last_boot(const char *ts)
{
	int64_t t;
	struct tm tm;
	char buf[64];
	time_t tt;

	if (attr_time_to_epoch((const uint8_t *)ts, &t) < 0) {
		NLOG(IMV, 1, "last boot: %s", ts);
		return;
	}
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%b %d %H:%M:%S UTC %Y", &tm))
		snprintf(buf, sizeof(buf), "%s", ts);
	NLOG(IMV, 1, "last boot: %s", buf);
}

static void ietf_attr(imv_state_t *st, const patnc_attr_t *a)
{
	imv_os_t *os = st->priv;
	char s[256];

	switch (a->type) {
	case IETF_ATTR_PRODUCT_INFO: {
		const attr_ietf_product_info_t *p = a->data;
		const char *pen = attr_pen_name(p->vendor);

		os->received |= OS_ATTR_PRODUCT_INFO;
		if (imv_session_set_os(st, p->name, p->name_len, NULL, 0) < 0)
			NLOG(IMV, 0, "IMV %u: out of memory for the OS name", st->imv_id);
		imv_printable(p->name, p->name_len, s, sizeof(s));
		if (p->vendor != PEN_IETF)
			NLOG(IMV, 1, "operating system name is '%s' from vendor %s", s,
			     pen ? pen : "unknown");
		else
			NLOG(IMV, 1, "operating system name is '%s'", s);
		break;
	}
	case IETF_ATTR_STRING_VERSION: {
		const attr_ietf_string_version_t *v = a->data;

		os->received |= OS_ATTR_STRING_VERSION;
		if (imv_session_set_os(st, NULL, 0, v->version, v->version_len) < 0)
			NLOG(IMV, 0, "IMV %u: out of memory for the OS version", st->imv_id);
		if (v->version_len) {
			imv_printable(v->version, v->version_len, s, sizeof(s));
			NLOG(IMV, 1, "operating system version is '%s'", s);
		}
		break;
	}
	case IETF_ATTR_NUMERIC_VERSION: {
		const attr_ietf_numeric_version_t *v = a->data;

		os->received |= OS_ATTR_NUMERIC_VERSION;
		NLOG(IMV, 1, "operating system numeric version is %u.%u", v->major, v->minor);
		break;
	}
	case IETF_ATTR_OP_STATUS: {
		const attr_ietf_op_status_t *o = a->data;

		os->received |= OS_ATTR_OP_STATUS;
		NLOG(IMV, 1, "operational status: %s, result: %s", attr_ietf_op_status_name(o->status),
		     attr_ietf_op_result_name(o->result));
		last_boot(o->last_use);
		break;
	}
	case IETF_ATTR_FORWARDING_ENABLED: {
		const attr_ietf_u32_t *f = a->data;
		static const char *const n[] = { "disabled", "enabled", "unknown" };

		os->received |= OS_ATTR_FWD_ENABLED;
		NLOG(IMV, 1, "IPv4 forwarding is %s", f->value < 3 ? n[f->value] : "unknown");
		if (f->value == ATTR_FWD_ENABLED)
			os->settings |= OS_SET_FWD;
		break;
	}
	case IETF_ATTR_DEFAULT_PWD_ENABLED: {
		const attr_ietf_u32_t *f = a->data;

		os->received |= OS_ATTR_DEFAULT_PWD;
		NLOG(IMV, 1, "factory default password is %sabled", f->value ? "en" : "dis");
		if (f->value)
			os->settings |= OS_SET_DEFAULT_PWD;
		break;
	}
	case IETF_ATTR_INSTALLED_PACKAGES:
		os->received |= OS_ATTR_PACKAGES;
		check_packages(st, a->data);
		break;
	default:
		break;
	}
}

static void ita_attr(imv_state_t *st, const patnc_attr_t *a)
{
	imv_os_t *os = st->priv;
	char s[256], v[256];

	switch (a->type) {
	case ITA_ATTR_SETTINGS: {
		const attr_ita_settings_t *set = a->data;

		os->received |= OS_ATTR_SETTINGS;
		for (size_t i = 0; i < set->count; i++) {
			const attr_ita_setting_t *e = &set->entries[i];

			if (e->name_len == strlen(unknown_source_setting) &&
			    memcmp(e->name, unknown_source_setting, e->name_len) == 0 &&
			    e->value_len == 1 && e->value[0] == '1')
				os->settings |= OS_SET_UNKNOWN_SOURCE;
			imv_printable(e->name, e->name_len, s, sizeof(s));
			imv_printable(e->value, e->value_len, v, sizeof(v));
			NLOG(IMV, 1, "setting '%s'\n  %s", s, v);
		}
		break;
	}
	case ITA_ATTR_DEVICE_ID: {
		const attr_ita_blob_t *b = a->data;
		int rc;

		os->received |= OS_ATTR_DEVICE_ID;
		imv_printable(b->data, b->len, s, sizeof(s));
		NLOG(IMV, 1, "device ID is %s", s);
		rc = imv_session_set_device(st, b->data, b->len);
		if (rc < 0)
			NLOG(IMV, 1, "IMV %u: device ID of Connection ID %u not usable (%s)",
			     st->imv_id, st->conn_id, nea_strerror(rc));
		break;
	}
	default:
		break;
	}
}

static int os_receive(imv_state_t *st, imv_in_t *in, imv_out_t *reply)
{
	imv_os_t *os = st->priv;

	for (size_t i = 0; i < imv_in_count(in); i++) {
		const patnc_attr_t *a = imv_in_attr(in, i);

		if (!a->data)
			continue; /* unknown or undecodable: nothing to learn */
		if (a->vendor == PEN_IETF)
			ietf_attr(st, a);
		else if (a->vendor == PEN_ITA)
			ita_attr(st, a);
	}
	/* a failed package check ends the assessment in batch ending, once
	 * every answer is in */
	if (in->fatal_error) {
		imv_state_set_rec(st, IMV_REC_NONE, IMV_EVAL_ERROR);
		os->hs = OS_END;
		imv_out_send_assessment(reply);
		return imv_provide_recommendation(st);
	}
	return IMV_DONE;
}

static int os_solicit(imv_state_t *st)
{
	return imv_provide_recommendation(st);
}

const imv_class_t imv_os_class = {
	.name = "OS",
	.conf_name = "imv-os",
	.subs = os_subs,
	.n_subs = sizeof(os_subs) / sizeof(os_subs[0]),
	.create = os_create,
	.destroy = os_destroy,
	.reset = os_reset,
	.receive = os_receive,
	.batch_ending = imv_os_batch_ending,
	.solicit = os_solicit,
	.reason = imv_os_reason,
	.remediation = imv_os_remediation,
};

/*
 * What the OS IMV tells the access requestor (strongSwan imv_os_state
 * texts, languages en, de, pl): a reason string naming vulnerable or
 * blacklisted packages and improper settings, and remediation instructions
 * listing the packages to remove or update and the settings to change.
 * Remediation is plain text except for Android endpoints, which get XML
 * (strongSwan's choice: its Android client renders the XML).
 */
#include "imv_os_int.h"

#include <string.h>

#include "imv_lang.h"

static const char *const os_langs[] = { "en", "de", "pl" };

static const imv_lang_str_t reason_settings[] = {
	{ "en", "Improper OS settings were detected" },
	{ "de", "Unzulässige OS Einstellungen wurden festgestellt" },
	{ "pl", "Stwierdzono niewłaściwe ustawienia OS" },
	{ NULL, NULL },
};

static const imv_lang_str_t reason_packages[] = {
	{ "en", "Vulnerable or blacklisted software packages were found" },
	{ "de", "Schwachstellenbehaftete oder gesperrte Softwarepakete wurden gefunden" },
	{ "pl", "Znaleziono pakiety podatne na atak lub będące na czarnej liście" },
	{ NULL, NULL },
};

static const imv_lang_str_t update_title[] = {
	{ "en", "Software Security Updates" },
	{ "de", "Software Sicherheitsupdates" },
	{ "pl", "Aktualizacja softwaru zabezpieczającego" },
	{ NULL, NULL },
};

static const imv_lang_str_t update_descr[] = {
	{ "en", "Packages with security vulnerabilities were found" },
	{ "de", "Softwarepakete mit Sicherheitsschwachstellen wurden gefunden" },
	{ "pl", "Znaleziono pakiety podatne na atak" },
	{ NULL, NULL },
};

static const imv_lang_str_t update_header[] = {
	{ "en", "Please update the following software packages:" },
	{ "de", "Bitte updaten Sie die folgenden Softwarepakete:" },
	{ "pl", "Proszę zaktualizować następujące pakiety:" },
	{ NULL, NULL },
};

static const imv_lang_str_t remove_title[] = {
	{ "en", "Blacklisted Software Packages" },
	{ "de", "Gesperrte Softwarepakete" },
	{ "pl", "Pakiety będące na czarnej liście" },
	{ NULL, NULL },
};

static const imv_lang_str_t remove_descr[] = {
	{ "en", "Dangerous software packages were found" },
	{ "de", "Gefährliche Softwarepakete wurden gefunden" },
	{ "pl", "Znaleziono niebezpieczne pakiety" },
	{ NULL, NULL },
};

static const imv_lang_str_t remove_header[] = {
	{ "en", "Please remove the following software packages:" },
	{ "de", "Bitte entfernen Sie die folgenden Softwarepakete:" },
	{ "pl", "Proszę usunąć następujące pakiety:" },
	{ NULL, NULL },
};

static const imv_lang_str_t fwd_title[] = {
	{ "en", "IP Packet Forwarding" },
	{ "de", "Weiterleitung von IP Paketen" },
	{ "pl", "Przekazywanie pakietów IP" },
	{ NULL, NULL },
};

static const imv_lang_str_t fwd_descr[] = {
	{ "en", "Please disable the forwarding of IP packets" },
	{ "de", "Bitte deaktivieren Sie das Forwarding von IP Paketen" },
	{ "pl", "Proszę zdezaktywować przekazywanie pakietów IP" },
	{ NULL, NULL },
};

static const imv_lang_str_t pwd_title[] = {
	{ "en", "Default Password" },
	{ "de", "Default Passwort" },
	{ "pl", "Hasło domyślne" },
	{ NULL, NULL },
};

static const imv_lang_str_t pwd_descr[] = {
	{ "en", "Please change the default password" },
	{ "de", "Bitte ändern Sie das Default Passwort" },
	{ "pl", "Proszę zmienić domyślne hasło" },
	{ NULL, NULL },
};

static const imv_lang_str_t unsrc_title[] = {
	{ "en", "Unknown Software Origin" },
	{ "de", "Unbekannte Softwareherkunft" },
	{ "pl", "Nieznane pochodzenie softwaru" },
	{ NULL, NULL },
};

static const imv_lang_str_t unsrc_descr[] = {
	{ "en", "Do not allow the installation of apps from unknown sources" },
	{ "de", "Erlauben Sie nicht die Installation von Apps aus unbekannten Quellen" },
	{ "pl", "Proszę nie dopuszczać do instalacji Apps z nieznanych źródeł" },
	{ NULL, NULL },
};

static bool has_findings(const imv_os_t *os)
{
	return os->count_update || os->count_blacklist || os->settings;
}

bool imv_os_reason(imv_state_t *st, nea_wr_t *out, const char **lang)
{
	imv_os_t *os = st->priv;

	if (!has_findings(os))
		return false;
	*lang = imv_lang_select(imv_state_langs(st), os_langs, 3);
	if (os->count_update || os->count_blacklist)
		imv_reason_add(out, reason_packages, *lang);
	if (os->settings)
		imv_reason_add(out, reason_settings, *lang);
	return true;
}

bool imv_os_remediation(imv_state_t *st, char **text, size_t *len, const char **lang)
{
	imv_os_t *os = st->priv;
	imv_remed_t r;
	int err = 0;

	if (!has_findings(os))
		return false;
	*lang = imv_lang_select(imv_state_langs(st), os_langs, 3);
	imv_remed_init(&r, strncmp(imv_session_os_name(st), "Android", 7) == 0, *lang);
	if (os->count_blacklist)
		imv_remed_add(&r, remove_title, remove_descr, remove_header,
			      (const char *const *)os->remove_pkgs, os->n_remove);
	if (os->count_update)
		imv_remed_add(&r, update_title, update_descr, update_header,
			      (const char *const *)os->update_pkgs, os->n_update);
	if (os->settings & OS_SET_FWD)
		imv_remed_add(&r, fwd_title, fwd_descr, NULL, NULL, 0);
	if (os->settings & OS_SET_DEFAULT_PWD)
		imv_remed_add(&r, pwd_title, pwd_descr, NULL, NULL, 0);
	if (os->settings & OS_SET_UNKNOWN_SOURCE)
		imv_remed_add(&r, unsrc_title, unsrc_descr, NULL, NULL, 0);
	*text = imv_remed_finish(&r, len, &err);
	imv_remed_free(&r);
	return *text != NULL;
}

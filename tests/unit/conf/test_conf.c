/*
 * nea_conf: syntax, merging, includes, typed getters, malformed input (with
 * the exact "file:line:" of each error) and a large file.
 */
#include <criterion/criterion.h>

#include "conf_fixture.h"
#include "nea_conf.h"
#include "nea_err.h"

#include <limits.h>
#include <sys/stat.h>

static nea_conf_t *parse_ok(const char *text)
{
	char err[512] = "";
	nea_conf_t *c = NULL;
	int rc = nea_conf_load_string(text, "t.conf", &c, err, sizeof(err));

	cr_assert_eq(rc, 0, "unexpected failure %d: %s", rc, err);
	cr_assert_not_null(c);
	return c;
}

/* Parse text that must fail with NEA_ECONFIG and return the message. */
static const char *parse_bad(const char *text)
{
	static char err[512];
	nea_conf_t *c = (nea_conf_t *)1;
	int rc;

	err[0] = '\0';
	rc = nea_conf_load_string(text, "t.conf", &c, err, sizeof(err));
	cr_assert_eq(rc, NEA_ECONFIG, "expected NEA_ECONFIG, got %d for:\n%s", rc, text);
	cr_assert_null(c);
	return err;
}

Test(conf, nested_sections_and_lookups)
{
	nea_conf_t *c = parse_ok("# leading comment\n"
				 "charon {\n"
				 "  plugins {\n"
				 "    tnccs-20 {\n"
				 "      max_batch_size = 32754\n"
				 "      max_message_size = 32722\n"
				 "    }\n"
				 "  }\n"
				 "  threads = 16\n"
				 "}\n"
				 "libimcv {\n"
				 "  database = sqlite:///etc/pts/config.db\n"
				 "}\n");

	cr_assert_str_eq(nea_conf_get_str(c, "charon.plugins.tnccs-20.max_batch_size", NULL),
			 "32754");
	cr_assert_str_eq(nea_conf_get_str(c, "charon.threads", NULL), "16");
	cr_assert_str_eq(nea_conf_get_str(c, "libimcv.database", NULL),
			 "sqlite:///etc/pts/config.db");
	cr_assert_str_eq(nea_conf_get_str(c, "charon.nothere", "dflt"), "dflt");
	cr_assert_str_eq(nea_conf_get_str(c, "nothere.x.y", "d2"), "d2");
	/* a section is not a value, and odd keys give the default */
	cr_assert_str_eq(nea_conf_get_str(c, "charon.plugins", "d3"), "d3");
	cr_assert_str_eq(nea_conf_get_str(c, "charon..threads", "d4"), "d4");
	cr_assert_str_eq(nea_conf_get_str(c, "charon.", "d5"), "d5");
	cr_assert_str_eq(nea_conf_get_str(c, "", "d6"), "d6");

	const nea_conf_section_t *root = nea_conf_section(c, NULL);
	cr_assert_eq(root, nea_conf_section(c, ""));
	cr_assert_eq(nea_conf_section_count(root), 2);
	cr_assert_str_eq(nea_conf_section_name(nea_conf_section_at(root, 0)), "charon");
	cr_assert_str_eq(nea_conf_section_name(nea_conf_section_at(root, 1)), "libimcv");
	cr_assert_null(nea_conf_section_at(root, 2));

	const nea_conf_section_t *t = nea_conf_section(c, "charon.plugins.tnccs-20");
	cr_assert_not_null(t);
	cr_assert_str_eq(nea_conf_section_name(t), "tnccs-20");
	cr_assert_eq(nea_conf_kv_count(t), 2);
	cr_assert_str_eq(nea_conf_kv_key(t, 0), "max_batch_size");
	cr_assert_str_eq(nea_conf_kv_value(t, 1), "32722");
	cr_assert_null(nea_conf_kv_key(t, 2));
	cr_assert_str_eq(nea_conf_sget_str(nea_conf_section(c, "charon"), "plugins.tnccs-20.max_message_size", NULL), "32722");
	cr_assert_eq(nea_conf_ssection(nea_conf_section(c, "charon"), "plugins.tnccs-20"), t);
	cr_assert_null(nea_conf_section(c, "charon.threads"));
	cr_assert_str_eq(nea_conf_source(c), "t.conf");
	nea_conf_free(c);
}

Test(conf, brace_placement_and_single_line_forms)
{
	nea_conf_t *c = parse_ok("a\n{\n  x = 1\n}\n"
				 "b\n# a comment between name and brace\n\n{ y = 2 }\n"
				 "c{z=3}d { w = 4 }\n"
				 "e { f { g = 5 } }\n");

	cr_assert_str_eq(nea_conf_get_str(c, "a.x", NULL), "1");
	cr_assert_str_eq(nea_conf_get_str(c, "b.y", NULL), "2");
	cr_assert_str_eq(nea_conf_get_str(c, "c.z", NULL), "3");
	cr_assert_str_eq(nea_conf_get_str(c, "d.w", NULL), "4");
	cr_assert_str_eq(nea_conf_get_str(c, "e.f.g", NULL), "5");
	nea_conf_free(c);
}

Test(conf, dotted_names_are_nested_sections)
{
	nea_conf_t *c = parse_ok("charon.plugins.eap-ttls {\n"
				 "  phase2_method = md5\n"
				 "}\n"
				 "charon {\n"
				 "  plugins.eap-ttls.phase2_tnc = yes\n"
				 "}\n"
				 "libtls.suites = TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\n");

	cr_assert_str_eq(nea_conf_get_str(c, "charon.plugins.eap-ttls.phase2_method", NULL), "md5");
	cr_assert_str_eq(nea_conf_get_str(c, "charon.plugins.eap-ttls.phase2_tnc", NULL), "yes");
	cr_assert_str_eq(nea_conf_get_str(c, "libtls.suites", NULL),
			 "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
	/* one charon, one plugins, one eap-ttls: the dotted forms merged */
	cr_assert_eq(nea_conf_section_count(nea_conf_section(c, "")), 2);
	cr_assert_eq(nea_conf_section_count(nea_conf_section(c, "charon.plugins")), 1);
	cr_assert_eq(nea_conf_kv_count(nea_conf_section(c, "charon.plugins.eap-ttls")), 2);
	nea_conf_free(c);
}

Test(conf, reopened_sections_merge_and_later_values_win)
{
	nea_conf_t *c = parse_ok("s {\n  a = 1\n  b = 2\n}\n"
				 "t { }\n"
				 "s {\n  a = 3\n  c = 4\n}\n");
	const nea_conf_section_t *s = nea_conf_section(c, "s");

	cr_assert_eq(nea_conf_kv_count(s), 3);
	cr_assert_str_eq(nea_conf_kv_key(s, 0), "a");
	cr_assert_str_eq(nea_conf_kv_value(s, 0), "3");
	cr_assert_str_eq(nea_conf_kv_key(s, 1), "b");
	cr_assert_str_eq(nea_conf_kv_key(s, 2), "c");
	cr_assert_eq(nea_conf_section_count(nea_conf_section(c, "")), 2);
	cr_assert_str_eq(nea_conf_section_name(nea_conf_section_at(nea_conf_section(c, ""), 0)), "s");

	unsigned line = 0;
	const char *file = nea_conf_sorigin(s, "a", &line);
	cr_assert_str_eq(file, "t.conf");
	cr_assert_eq(line, 7);
	cr_assert_null(nea_conf_sorigin(s, "zz", &line));
	file = nea_conf_section_origin(s, &line);
	cr_assert_str_eq(file, "t.conf");
	cr_assert_eq(line, 1);
	nea_conf_free(c);
}

Test(conf, value_forms)
{
	nea_conf_t *c = parse_ok("words =   several   blank\tseparated  words   \n"
				 "comment = value # not part of it\n"
				 "hash = \"quoted # keeps it\"\n"
				 "eq = a=b{c\n"
				 "mixed = pre\"in side\"post\n"
				 "crlf = dos\r\n"
				 "s { inner = closed here }\n"
				 "k = v\n");

	cr_assert_str_eq(nea_conf_get_str(c, "words", NULL), "several blank separated words");
	cr_assert_str_eq(nea_conf_get_str(c, "comment", NULL), "value");
	cr_assert_str_eq(nea_conf_get_str(c, "hash", NULL), "quoted # keeps it");
	cr_assert_str_eq(nea_conf_get_str(c, "eq", NULL), "a=b{c");
	/* like strongSwan, adjacent parts are joined with one blank */
	cr_assert_str_eq(nea_conf_get_str(c, "mixed", NULL), "pre in side post");
	cr_assert_str_eq(nea_conf_get_str(c, "crlf", NULL), "dos");
	cr_assert_str_eq(nea_conf_get_str(c, "s.inner", NULL), "closed here");
	cr_assert_str_eq(nea_conf_get_str(c, "k", NULL), "v");
	nea_conf_free(c);
}

Test(conf, empty_value_unsets)
{
	nea_conf_t *c = parse_ok("a = 1\n"
				 "b =\n"
				 "c = # only a comment\n"
				 "a =\n"
				 "d = \"\"\n");
	const nea_conf_section_t *root = nea_conf_section(c, "");
	long long v;

	cr_assert_str_eq(nea_conf_get_str(c, "a", "def"), "def");
	cr_assert_str_eq(nea_conf_get_str(c, "b", "def"), "def");
	cr_assert_str_eq(nea_conf_get_str(c, "c", "def"), "def");
	cr_assert_eq(nea_conf_get_int(c, "a", 7, &v), 0);
	cr_assert_eq(v, 7);
	cr_assert(nea_conf_get_bool(c, "b", true));
	/* a quoted empty string is a value */
	cr_assert_str_eq(nea_conf_get_str(c, "d", "def"), "");
	cr_assert_eq(nea_conf_kv_count(root), 4);
	cr_assert_str_eq(nea_conf_kv_value(root, 0), "");
	nea_conf_free(c);
}

Test(conf, quoted_strings)
{
	nea_conf_t *c = parse_ok("esc = \"a\\\"b\\\\c\\nd\\te\\x\"\n"
				 "multi = \"line one\n"
				 "line two\"\n"
				 "joined = \"abc\\\n"
				 "def\"\n"
				 "after = 1\n"
				 "id = \"C=CH, O=Cyber, CN=server.strongswan.org\"\n");

	cr_assert_str_eq(nea_conf_get_str(c, "esc", NULL), "a\"b\\c\nd\tex");
	cr_assert_str_eq(nea_conf_get_str(c, "multi", NULL), "line one\nline two");
	cr_assert_str_eq(nea_conf_get_str(c, "joined", NULL), "abcdef");
	cr_assert_str_eq(nea_conf_get_str(c, "id", NULL), "C=CH, O=Cyber, CN=server.strongswan.org");
	unsigned line = 0;
	nea_conf_sorigin(nea_conf_section(c, ""), "after", &line);
	cr_assert_eq(line, 6, "line numbers count newlines inside strings (got %u)", line);
	nea_conf_free(c);

	/* an error after a multi-line string names the right line */
	cr_assert_str_eq(parse_bad("a = \"x\ny\nz\"\nbad\n"), "t.conf:4: expected '=' or '{' after 'bad'");
}

Test(conf, include_is_a_name_where_followed_by_eq_or_brace)
{
	nea_conf_t *c = parse_ok("include = value\ninclude { k = v }\n");

	cr_assert_str_eq(nea_conf_get_str(c, "include", NULL), "value");
	cr_assert_str_eq(nea_conf_get_str(c, "include.k", NULL), "v");
	nea_conf_free(c);
}

Test(conf, key_and_section_may_share_a_name)
{
	nea_conf_t *c = parse_ok("x = 1\nx { y = 2 }\n");

	cr_assert_str_eq(nea_conf_get_str(c, "x", NULL), "1");
	cr_assert_str_eq(nea_conf_get_str(c, "x.y", NULL), "2");
	nea_conf_free(c);
}

Test(conf, integers)
{
	nea_conf_t *c = parse_ok("dec = 32754\nneg = -1\nhex = 0x81010003\nHEX = 0XfF\n"
				 "oct = 010\nmax = 9223372036854775807\nmin = -9223372036854775808\n"
				 "over = 9223372036854775808\nsuffix = 12k\nword = many\n"
				 "nohex = 0x\ndouble = 0x0x10\nplus = +5\nblank = \"1 \"\n"
				 "sign = -\n");
	long long v = 0;

	cr_assert_eq(nea_conf_get_int(c, "dec", 0, &v), 0);
	cr_assert_eq(v, 32754);
	cr_assert_eq(nea_conf_get_int(c, "neg", 0, &v), 0);
	cr_assert_eq(v, -1);
	cr_assert_eq(nea_conf_get_int(c, "hex", 0, &v), 0);
	cr_assert_eq(v, 0x81010003LL);
	cr_assert_eq(nea_conf_get_int(c, "HEX", 0, &v), 0);
	cr_assert_eq(v, 255);
	cr_assert_eq(nea_conf_get_int(c, "oct", 0, &v), 0);
	cr_assert_eq(v, 10);
	cr_assert_eq(nea_conf_get_int(c, "max", 0, &v), 0);
	cr_assert_eq(v, LLONG_MAX);
	cr_assert_eq(nea_conf_get_int(c, "min", 0, &v), 0);
	cr_assert_eq(v, LLONG_MIN);
	cr_assert_eq(nea_conf_get_int(c, "plus", 0, &v), 0);
	cr_assert_eq(v, 5);
	cr_assert_eq(nea_conf_get_int(c, "missing", 42, &v), 0);
	cr_assert_eq(v, 42);
	const char *bad[] = { "over", "suffix", "word", "nohex", "double", "blank", "sign" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 0;
		cr_assert_eq(nea_conf_get_int(c, bad[i], 99, &v), NEA_ECONFIG, "%s", bad[i]);
		cr_assert_eq(v, 99, "%s leaves the default", bad[i]);
	}
	cr_assert_eq(nea_conf_sget_int(nea_conf_section(c, ""), "word", 1, &v), NEA_ECONFIG);
	nea_conf_free(c);
}

Test(conf, booleans)
{
	nea_conf_t *c = parse_ok("a = yes\nb = No\nc = TRUE\nd = false\ne = on\nf = off\n"
				 "g = 1\nh = 0\ni = maybe\n");

	cr_assert(nea_conf_get_bool(c, "a", false));
	cr_assert_not(nea_conf_get_bool(c, "b", true));
	cr_assert(nea_conf_get_bool(c, "c", false));
	cr_assert_not(nea_conf_get_bool(c, "d", true));
	cr_assert(nea_conf_get_bool(c, "e", false));
	cr_assert_not(nea_conf_get_bool(c, "f", true));
	cr_assert(nea_conf_get_bool(c, "g", false));
	cr_assert_not(nea_conf_get_bool(c, "h", true));
	cr_assert(nea_conf_get_bool(c, "i", true));
	cr_assert_not(nea_conf_get_bool(c, "i", false));
	cr_assert(nea_conf_get_bool(c, "missing", true));
	cr_assert_not(nea_conf_sget_bool(nea_conf_section(c, ""), "missing", false));
	nea_conf_free(c);
}

Test(conf, lists)
{
	char **items;
	size_t n;

	cr_assert_eq(nea_conf_split_list("a, b c,,d\t e", &items, &n), 0);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(items[0], "a");
	cr_assert_str_eq(items[1], "b");
	cr_assert_str_eq(items[2], "c");
	cr_assert_str_eq(items[3], "d");
	cr_assert_str_eq(items[4], "e");
	cr_assert_null(items[5]);
	nea_conf_list_free(items);

	cr_assert_eq(nea_conf_split_list(" , ", &items, &n), 0);
	cr_assert_eq(n, 0);
	cr_assert_null(items[0]);
	nea_conf_list_free(items);
	cr_assert_eq(nea_conf_split_list(NULL, &items, &n), 0);
	cr_assert_eq(n, 0);
	nea_conf_list_free(items);
	nea_conf_list_free(NULL);
}

Test(conf, malformed_inputs_name_file_and_line)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "a {\n  b = 1\n", "t.conf:1: section 'a' is not closed" },
		{ "a {\n b {\n }\n", "t.conf:1: section 'a' is not closed" },
		{ "a = 1\n\n}\n", "t.conf:3: '}' without an open section" },
		{ "foo bar\n", "t.conf:1: expected '=' or '{' after 'foo'" },
		{ "x = 1\nlonely\n", "t.conf:2: expected '=' or '{' after 'lonely'" },
		{ "s {\n  k\n}\n", "t.conf:2: expected '=' or '{' after 'k'" },
		{ "a = 1\nb = \"open\nstill open\n", "t.conf:2: unterminated quoted string" },
		{ "b = \"trailing backslash\\", "t.conf:1: unterminated quoted string" },
		{ "\n = 5\n", "t.conf:2: '=' without a key name" },
		{ "{ }\n", "t.conf:1: '{' without a section name" },
		{ "\"name\" = 1\n", "t.conf:1: quoted string where a name was expected" },
		{ "a..b = 1\n", "t.conf:1: empty name component in 'a..b'" },
		{ ".a { }\n", "t.conf:1: empty name component in '.a'" },
		{ "a. = 1\n", "t.conf:1: empty name component in 'a.'" },
		{ "include \n", "t.conf:1: include needs a file pattern" },
		{ "include \"\"\n", "t.conf:1: include needs a file pattern" },
		{ "k = 1 }\n", "t.conf:1: '}' without an open section" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(parse_bad(cases[i].text), cases[i].msg, "case %zu", i);
}

Test(conf, nul_byte_and_nesting_limits)
{
	char err[256];
	nea_conf_t *c = NULL;
	const char text[] = "a = 1\nb = 2\0c = 3\n";

	cr_assert_eq(nea_conf_load_buffer(text, sizeof(text) - 1, "nul.conf", 0, &c, err, sizeof(err)),
		     NEA_ECONFIG);
	cr_assert_str_eq(err, "nul.conf:2: NUL byte in configuration text");

	/* 64 levels are fine, 65 are refused, no matter how they are written */
	char deep[2048] = "", *p = deep;
	for (int i = 0; i < 64; i++)
		p += sprintf(p, "s%d {", i);
	p += sprintf(p, "k = v ");
	for (int i = 0; i < 64; i++)
		*p++ = '}';
	*p = '\0';
	c = parse_ok(deep);
	nea_conf_free(c);
	cr_assert_str_eq(parse_bad("a { b { c { d { e {\n"
				   "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h"
				   ".i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l = 1\n"
				   "}}}}}\n"),
			 "t.conf:2: sections nested deeper than 64");
	p = deep;
	for (int i = 0; i < 65; i++)
		p += sprintf(p, "s {\n");
	cr_assert_str_eq(parse_bad(deep), "t.conf:65: sections nested deeper than 64");
}

Test(conf, ten_thousand_keys)
{
	size_t cap = 10000 * 40 + 64, len = 0;
	char *text = malloc(cap);

	cr_assert_not_null(text);
	len += (size_t)snprintf(text + len, cap - len, "big {\n");
	for (int i = 0; i < 10000; i++)
		len += (size_t)snprintf(text + len, cap - len, "  key%05d = value%d\n", i, i * 7);
	len += (size_t)snprintf(text + len, cap - len, "}\n");
	nea_conf_t *c = parse_ok(text);
	const nea_conf_section_t *big = nea_conf_section(c, "big");

	cr_assert_eq(nea_conf_kv_count(big), 10000);
	for (int i = 0; i < 10000; i++) {
		char key[32], want[32];

		snprintf(key, sizeof(key), "big.key%05d", i);
		snprintf(want, sizeof(want), "value%d", i * 7);
		cr_assert_str_eq(nea_conf_get_str(c, key, NULL), want);
		cr_assert_str_eq(nea_conf_kv_key(big, (size_t)i), key + 4);
	}
	cr_assert_null(nea_conf_get_str(c, "big.key10000", NULL));
	nea_conf_free(c);

	/* and as many sections, with a re-opening at the end */
	len = 0;
	for (int i = 0; i < 10000; i++)
		len += (size_t)snprintf(text + len, cap - len, "s%d { k = %d }\n", i, i);
	len += (size_t)snprintf(text + len, cap - len, "s5000 { k = again }\n");
	c = parse_ok(text);
	cr_assert_eq(nea_conf_section_count(nea_conf_section(c, "")), 10000);
	cr_assert_str_eq(nea_conf_get_str(c, "s9999.k", NULL), "9999");
	cr_assert_str_eq(nea_conf_get_str(c, "s5000.k", NULL), "again");
	nea_conf_free(c);
	free(text);
}

/* ---- files and includes ----------------------------------------------- */

TestSuite(conf_files, .init = fx_setup, .fini = fx_teardown);

static nea_conf_t *load_ok(const char *path)
{
	char err[512] = "";
	nea_conf_t *c = NULL;
	int rc = nea_conf_load_file(path, &c, err, sizeof(err));

	cr_assert_eq(rc, 0, "load %s failed %d: %s", path, rc, err);
	return c;
}

static const char *load_bad(const char *path, int want)
{
	static char err[1024];
	nea_conf_t *c = (nea_conf_t *)1;
	int rc;

	err[0] = '\0';
	rc = nea_conf_load_file(path, &c, err, sizeof(err));
	cr_assert_eq(rc, want, "load %s: got %d (%s)", path, rc, err);
	cr_assert_null(c);
	return err;
}

Test(conf_files, include_glob_relative_sorted_and_inside_sections)
{
	fx_mkdir("conf.d");
	fx_mkdir("conf.d/sub");
	fx_mkdir("conf.d/dir.conf");
	fx_write("conf.d/20-b.conf", "order = b\nb = 2\n");
	fx_write("conf.d/10-a.conf", "order = a\na = 1\ninclude sub/*.conf\n");
	fx_write("conf.d/sub/x.conf", "from_sub = yes\n");
	fx_write("plugin.conf", "load = yes\n");
	fx_write("space name.conf", "spaced = 1\n");
	const char *main_path = fx_write("main.conf",
					 "top = 1\n"
					 "include conf.d/*.conf\n"
					 "charon {\n"
					 "  plugins {\n"
					 "    eap-tnc { include plugin.conf }\n"
					 "    include plugin.conf # comment after include\n"
					 "  }\n"
					 "}\n"
					 "include nothing-matches-*.conf\n"
					 "include space\\ name.conf\n"
					 "include \"space name.conf\"\n"
					 "last = 1\n");
	nea_conf_t *c = load_ok(main_path);

	cr_assert_str_eq(nea_conf_get_str(c, "order", NULL), "b", "sorted, later files win");
	cr_assert_str_eq(nea_conf_get_str(c, "a", NULL), "1");
	cr_assert_str_eq(nea_conf_get_str(c, "b", NULL), "2");
	cr_assert_str_eq(nea_conf_get_str(c, "from_sub", NULL), "yes",
			 "relative to the including file");
	cr_assert_str_eq(nea_conf_get_str(c, "charon.plugins.eap-tnc.load", NULL), "yes");
	cr_assert_str_eq(nea_conf_get_str(c, "charon.plugins.load", NULL), "yes");
	cr_assert_str_eq(nea_conf_get_str(c, "spaced", NULL), "1");
	cr_assert_str_eq(nea_conf_get_str(c, "last", NULL), "1");
	cr_assert_str_eq(nea_conf_source(c), main_path);

	unsigned line = 0;
	const char *file = nea_conf_sorigin(nea_conf_section(c, ""), "from_sub", &line);
	cr_assert_not_null(file);
	cr_assert(strstr(file, "conf.d/sub/x.conf") != NULL, "%s", file);
	cr_assert_eq(line, 1);
	nea_conf_free(c);
}

Test(conf_files, include_from_string_is_relative_to_its_name)
{
	char err[256], name[600];
	nea_conf_t *c = NULL;

	fx_write("inc.conf", "k = included\n");
	snprintf(name, sizeof(name), "%s/virtual.conf", fx_dir);
	cr_assert_eq(nea_conf_load_string("include inc.conf\n", name, &c, err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(nea_conf_get_str(c, "k", NULL), "included");
	nea_conf_free(c);

	cr_assert_eq(nea_conf_load_buffer("include inc.conf\n", 17, name, NEA_CONF_NO_INCLUDE, &c, err,
					  sizeof(err)), NEA_ECONFIG);
	cr_assert(strstr(err, "virtual.conf:1: include is not allowed here") != NULL, "%s", err);
}

Test(conf_files, errors_in_included_files_name_that_file)
{
	fx_write("bad.conf", "ok = 1\n\n  }\n");
	const char *main_path = fx_write("main.conf", "a = 1\ns {\n  include bad.conf\n}\n");
	const char *err = load_bad(main_path, NEA_ECONFIG);
	char want[700];

	snprintf(want, sizeof(want), "%s/bad.conf:3: '}' without an open section", fx_dir);
	cr_assert_str_eq(err, want);

	fx_write("open.conf", "x {\n");
	main_path = fx_write("main2.conf", "include open.conf\n}\n");
	err = load_bad(main_path, NEA_ECONFIG);
	snprintf(want, sizeof(want), "%s/open.conf:1: section 'x' is not closed", fx_dir);
	cr_assert_str_eq(err, want, "an included file must balance its braces");
}

Test(conf_files, include_loop_is_bounded)
{
	fx_write("a.conf", "a = 1\ninclude b.conf\n");
	fx_write("b.conf", "b = 1\n\ninclude a.conf\n");
	const char *err = load_bad(fx_path("a.conf"), NEA_ECONFIG);
	char want[700];

	snprintf(want, sizeof(want), "%s/b.conf:3: include loop: '%s/a.conf' is already being read",
		 fx_dir, fx_dir);
	cr_assert_str_eq(err, want);

	fx_write("self.conf", "include *.conf\n");
	err = load_bad(fx_path("self.conf"), NEA_ECONFIG);
	cr_assert(strstr(err, "include loop") != NULL, "%s", err);

	/* the same file twice side by side is no loop */
	fx_write("leaf.conf", "n = 1\n");
	const char *twice = fx_write("twice.conf", "include leaf.conf\ninclude leaf.conf\n");
	nea_conf_t *c = load_ok(twice);
	cr_assert_str_eq(nea_conf_get_str(c, "n", NULL), "1");
	nea_conf_free(c);
}

Test(conf_files, include_depth_is_bounded)
{
	char name[32], text[64];

	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "d%02d.conf", i);
		snprintf(text, sizeof(text), "k%d = %d\ninclude d%02d.conf\n", i, i, i + 1);
		fx_write(name, text);
	}
	const char *err = load_bad(fx_path("d00.conf"), NEA_ECONFIG);
	cr_assert(strstr(err, "d16.conf:2: includes nested deeper than 16") != NULL, "%s", err);

	/* 16 levels below the main file are accepted */
	fx_write("d16.conf", "k16 = 16\n");
	nea_conf_t *c = load_ok(fx_path("d00.conf"));
	cr_assert_str_eq(nea_conf_get_str(c, "k16", NULL), "16");
	nea_conf_free(c);
}

Test(conf_files, include_fan_out_is_bounded)
{
	/* each level includes the next one 8 times: 8^4 = 4096 files > 1024 */
	fx_write("f4.conf", "x = 1\n");
	for (int i = 3; i >= 0; i--) {
		char name[16], text[256], *p = text;

		snprintf(name, sizeof(name), "f%d.conf", i);
		for (int k = 0; k < 8; k++)
			p += sprintf(p, "include f%d.conf\n", i + 1);
		fx_write(name, text);
	}
	const char *err = load_bad(fx_path("f0.conf"), NEA_ECONFIG);
	cr_assert(strstr(err, "more than 1024 files included") != NULL, "%s", err);
}

Test(conf_files, unreadable_includes_are_errors)
{
	char want[700];

	cr_assert_eq(symlink(fx_path("gone.conf"), fx_path("dangling.conf")), 0);
	const char *m = fx_write("m1.conf", "x = 1\ninclude dangling.conf\n");
	const char *err = load_bad(m, NEA_ECONFIG);
	snprintf(want, sizeof(want), "%s/m1.conf:2: cannot read included file '%s/dangling.conf': ",
		 fx_dir, fx_dir);
	cr_assert(strncmp(err, want, strlen(want)) == 0, "%s", err);

	cr_assert_eq(mkfifo(fx_path("fifo.conf"), 0600), 0);
	m = fx_write("m2.conf", "include fifo.conf\n");
	err = load_bad(m, NEA_ECONFIG);
	snprintf(want, sizeof(want), "%s/m2.conf:1: cannot read included file '%s/fifo.conf': not a regular file",
		 fx_dir, fx_dir);
	cr_assert_str_eq(err, want);
}

Test(conf_files, missing_and_unreadable_main_file)
{
	const char *err = load_bad(fx_path("absent.conf"), NEA_ENOTFOUND);
	cr_assert(strstr(err, "absent.conf: cannot read") != NULL, "%s", err);
	err = load_bad(fx_dir, NEA_ECONFIG);
	cr_assert(strstr(err, "not a regular file") != NULL, "%s", err);
}

/*
 * imc_remed: the server's remediation text in the endpoint's log. The
 * captured Scanner IMV's XML renders as strongSwan's operator reads it;
 * hostile text cannot forge or split log lines, overlong text is cut, and
 * every prefix of the captured text renders without reading past it.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "imc_remed.h"

typedef struct {
	char lines[IMC_REMED_MAX_LINES + 8][IMC_REMED_LINE_MAX];
	size_t n;
} out_t;

static void collect(void *arg, const char *line)
{
	out_t *o = arg;

	cr_assert_lt(o->n, IMC_REMED_MAX_LINES + 8);
	cr_assert_lt(strlen(line), IMC_REMED_LINE_MAX);
	for (const char *p = line; *p; p++)
		cr_assert((unsigned char)*p >= 0x20 && *p != 0x7f, "control character in '%s'", line);
	strcpy(o->lines[o->n++], line);
}

/* The string of the captured Remediation Instructions (SDATA, IMV 2). */
static const char captured[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<remediationinstructions>\n"
	"  <instruction>\n"
	"    <title>Open Server Ports</title>\n"
	"    <description>Open Internet ports have been detected</description>\n"
	"    <itemsheader>Please close the following server ports:</itemsheader>\n"
	"    <items>\n"
	"      <item>tcp/271</item>\n"
	"    </items>\n"
	"  </instruction>\n"
	"</remediationinstructions>";

static out_t o;

Test(imc_remed, captured_xml_as_indented_text)
{
	memset(&o, 0, sizeof(o));
	imc_remed_render((const uint8_t *)captured, strlen(captured), collect, &o);
	cr_assert_eq(o.n, 4);
	cr_assert_str_eq(o.lines[0], "  Open Server Ports");
	cr_assert_str_eq(o.lines[1], "    Open Internet ports have been detected");
	cr_assert_str_eq(o.lines[2], "    Please close the following server ports:");
	cr_assert_str_eq(o.lines[3], "      tcp/271");
}

Test(imc_remed, entities_and_several_items)
{
	static const char x[] = "<remediationinstructions><instruction>"
				"<title>A &amp; B &lt;x&gt; &#65;</title><items>"
				"<item>udp/53</item><item>tcp/22</item></items>"
				"</instruction></remediationinstructions>";

	memset(&o, 0, sizeof(o));
	imc_remed_render((const uint8_t *)x, strlen(x), collect, &o);
	cr_assert_eq(o.n, 3);
	cr_assert_str_eq(o.lines[0], "  A & B <x> A");
	cr_assert_str_eq(o.lines[1], "      udp/53");
	cr_assert_str_eq(o.lines[2], "      tcp/22");
}

Test(imc_remed, plain_text_cannot_forge_log_lines)
{
	static const char t[] = "first line\r\n\n  second\x1b[2J line  \nfake\0nul";

	memset(&o, 0, sizeof(o));
	imc_remed_render((const uint8_t *)t, sizeof(t) - 1, collect, &o);
	cr_assert_eq(o.n, 3);
	cr_assert_str_eq(o.lines[0], "  first line");
	cr_assert_str_eq(o.lines[1], "  second?[2J line");
	cr_assert_str_eq(o.lines[2], "  fake?nul");
}

Test(imc_remed, long_lines_and_many_lines_are_cut)
{
	size_t n = 100000;
	char *t = malloc(n);

	cr_assert_not_null(t);
	memset(t, 'a', n);
	memset(&o, 0, sizeof(o));
	imc_remed_render((const uint8_t *)t, n, collect, &o);
	cr_assert_eq(o.n, 1);
	cr_assert_eq(strlen(o.lines[0]), IMC_REMED_LINE_MAX - 1);
	cr_assert_str_eq(o.lines[0] + IMC_REMED_LINE_MAX - 4, "...");
	for (size_t i = 1; i < n; i += 2)
		t[i] = '\n';
	memset(&o, 0, sizeof(o));
	imc_remed_render((const uint8_t *)t, n, collect, &o);
	cr_assert_eq(o.n, IMC_REMED_MAX_LINES + 1);
	cr_assert_str_eq(o.lines[IMC_REMED_MAX_LINES], "  ...");
	free(t);
}

Test(imc_remed, log_safe_bounds)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	imc_log_safe((const uint8_t *)"abcdefghij", 10, buf, 6);
	cr_assert_str_eq(buf, "ab...");
	cr_assert_eq(buf[6], 'x');
	imc_log_safe((const uint8_t *)"a\nb", 3, buf, sizeof(buf));
	cr_assert_str_eq(buf, "a?b");
	imc_log_safe((const uint8_t *)"abc", 3, buf, 0); /* nothing written */
	cr_assert_str_eq(buf, "a?b");
}

Test(imc_remed, every_prefix_of_the_captured_xml)
{
	size_t len = strlen(captured);

	for (size_t cut = 0; cut <= len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		cr_assert_not_null(copy);
		memcpy(copy, captured, cut);
		memset(&o, 0, sizeof(o));
		imc_remed_render(copy, cut, collect, &o);
		cr_assert_leq(o.n, 11);
		free(copy);
	}
}

Test(imc_remed, utf8_passes_terminal_controls_do_not)
{
	char buf[64];

	imc_log_safe((const uint8_t *)"caf\xc3\xa9 \xe2\x82\xac", 9, buf, sizeof(buf));
	cr_assert_str_eq(buf, "caf\xc3\xa9 \xe2\x82\xac");
	/* raw and UTF-8 encoded CSI, overlong '/', surrogate, RLO, lone lead byte */
	imc_log_safe((const uint8_t *)"a\x9b" "b\xc2\x9b" "c\xc0\xaf" "d\xed\xa0\x80" "e\xe2\x80\xae"
				      "f\xe2",
		     18, buf, sizeof(buf));
	cr_assert_str_eq(buf, "a?b??c??d???e???f?");
	/* Cut before a multi-byte character, never inside it. */
	imc_log_safe((const uint8_t *)"abc\xe2\x82\xac\xe2\x82\xac", 9, buf, 8);
	cr_assert_str_eq(buf, "abc...");
}

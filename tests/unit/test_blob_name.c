/* Download names: user file names are never paths, lose controls and spoofing characters, stay
 * valid UTF-8 when cut, and reach Content-Disposition in both the quoted and the RFC 8187 form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "blob.h"

static void expect_name(const char *in, const char *want)
{
	char out[BLOB_FILENAME_MAX + 1];
	size_t n = blob_filename_sanitise(in, out, sizeof out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_paths_stripped(void **state)
{
	(void)state;
	expect_name("laporan.pdf", "laporan.pdf");
	expect_name("../../etc/passwd", "passwd");
	expect_name("/etc/shadow", "shadow");
	expect_name("C:\\Users\\asesi\\KTP saya.jpg", "KTP saya.jpg");
	expect_name("a/b\\c/d.png", "d.png");
	expect_name("dir/", "berkas");
	expect_name("..", "berkas");
	expect_name(".htaccess", "htaccess");
	expect_name("...pdf", "berkas.pdf");
	expect_name("  .hidden.pdf", "hidden.pdf");
	expect_name("", "berkas");
	expect_name(NULL, "berkas");
}

static void test_characters_dropped(void **state)
{
	(void)state;
	expect_name("a\r\nb.pdf", "ab.pdf");
	expect_name("a\tb\x7f.pdf", "ab.pdf");
	expect_name("name\".pdf", "name_.pdf");
	expect_name("a<b>c:d|e?f*g.pdf", "a_b_c_d_e_f_g.pdf");
	/* U+202E RIGHT-TO-LEFT OVERRIDE would show "gpj.exe" as "exe.jpg" */
	expect_name("invoice\xe2\x80\xaegpj.exe", "invoicegpj.exe");
	expect_name("a\xe2\x80\x8b"
		    "b.pdf",
		    "ab.pdf"); /* zero width space */
	expect_name("\xef\xbb\xbf"
		    "bom.pdf",
		    "bom.pdf");
	expect_name("c1\xc2\x85.pdf", "c1.pdf"); /* U+0085 NEL */
	/* invalid UTF-8: stray continuation, overlong '/', surrogate, cut sequence */
	expect_name("a\x80"
		    "b.pdf",
		    "ab.pdf");
	expect_name("x\xc0\xaf"
		    "y.pdf",
		    "xy.pdf");
	expect_name("s\xed\xa0\x80.pdf", "s.pdf");
	expect_name("cut\xe2\x82.pdf", "cut.pdf");
	expect_name("trailing. . ", "trailing");
	/* real UTF-8 stays */
	expect_name("Sertifikat Kompetensi – Budi Ş.pdf", "Sertifikat Kompetensi – Budi Ş.pdf");
	expect_name("证书.pdf", "证书.pdf");
}

static void test_long_names_cut(void **state)
{
	(void)state;
	char in[600], out[BLOB_FILENAME_MAX + 1];
	size_t n;
	memset(in, 'a', 500);
	strcpy(in + 500, ".pdf");
	n = blob_filename_sanitise(in, out, sizeof out);
	assert_int_equal(n, BLOB_FILENAME_MAX);
	assert_string_equal(out + n - 4, ".pdf"); /* the extension survives */
	/* multi-byte characters are never split */
	in[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(in, "\xc3\xa9"); /* é */
	n = blob_filename_sanitise(in, out, sizeof out);
	assert_true(n <= BLOB_FILENAME_MAX);
	assert_int_equal(n % 2, 0);
	for (size_t i = 0; i < n; i += 2)
		assert_memory_equal(out + i, "\xc3\xa9", 2);
	/* a small buffer: still terminated, still valid */
	char small[10];
	n = blob_filename_sanitise("laporan-akhir.pdf", small, sizeof small);
	assert_int_equal(n, strlen(small));
	assert_true(n <= 9);
	assert_int_equal(blob_filename_sanitise("x", small, 4), 0);
	assert_string_equal(small, "");
	/* a long extension is not an extension */
	n = blob_filename_sanitise("a.0123456789abcdefghij", out, sizeof out);
	assert_string_equal(out, "a.0123456789abcdefghij");
}

static void test_content_disposition(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(blob_content_disposition(a, 1, NULL), "inline");
	assert_string_equal(blob_content_disposition(a, 0, NULL), "attachment");
	assert_string_equal(blob_content_disposition(a, 0, "laporan.pdf"),
			    "attachment; filename=\"laporan.pdf\"; filename*=UTF-8''laporan.pdf");
	assert_string_equal(
	    blob_content_disposition(a, 0, "../KTP saya (1).jpg"),
	    "attachment; filename=\"KTP saya (1).jpg\"; filename*=UTF-8''KTP%20saya%20%281%29.jpg");
	assert_string_equal(blob_content_disposition(a, 0, "100%\"x\\y\".pdf"),
			    "attachment; filename=\"y_.pdf\"; filename*=UTF-8''y_.pdf");
	assert_string_equal(blob_content_disposition(a, 0, "50% ok.pdf"),
			    "attachment; filename=\"50_ ok.pdf\"; filename*=UTF-8''50%25%20ok.pdf");
	assert_string_equal(blob_content_disposition(a, 1, "Budi Ş.pdf"),
			    "inline; filename=\"Budi _.pdf\"; filename*=UTF-8''Budi%20%C5%9E.pdf");
	assert_string_equal(
	    blob_content_disposition(a, 0, "a;b=c,d.pdf"),
	    "attachment; filename=\"a;b=c,d.pdf\"; filename*=UTF-8''a%3Bb%3Dc%2Cd.pdf");
	/* nothing that could end the header or the quoted string survives */
	const char *v = blob_content_disposition(a, 0, "x\r\nSet-Cookie: a=b\".pdf");
	assert_null(strchr(v, '\r'));
	assert_null(strchr(v, '\n'));
	assert_string_equal(v, "attachment; filename=\"xSet-Cookie_ a=b_.pdf\"; "
			       "filename*=UTF-8''xSet-Cookie_%20a%3Db_.pdf");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_paths_stripped),
	    cmocka_unit_test(test_characters_dropped),
	    cmocka_unit_test(test_long_names_cut),
	    cmocka_unit_test(test_content_disposition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Content sniffing for uploads (PDF, JPEG, PNG, WebM by content only) and the validators for
 * blob names and media types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "blob.h"

/* The EBML header Chrome's MediaRecorder writes: EBMLVersion, EBMLReadVersion, EBMLMaxIDLength,
 * EBMLMaxSizeLength, DocType "webm", DocTypeVersion, DocTypeReadVersion; then a Segment. */
static const unsigned char chrome_webm[] = {
    0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81,
    0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 'w',  'e',	'b',  'm',  0x42, 0x87, 0x81, 0x04,
    0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

#define SNIFF(lit) blob_sniff(lit, sizeof(lit) - 1)

static void assert_type(const char *got, const char *want)
{
	if (!want) {
		if (got)
			fail_msg("sniffed %s, wanted NULL", got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void test_pdf_jpeg_png(void **state)
{
	(void)state;
	assert_type(SNIFF("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "application/pdf");
	assert_type(SNIFF("%PDF-"), "application/pdf");
	assert_type(SNIFF("%PDF"), NULL);
	assert_type(SNIFF(" %PDF-1.4"), NULL); /* must start the file */
	assert_type(SNIFF("%pdf-1.4"), NULL);
	assert_type(SNIFF("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg");
	assert_type(SNIFF("\xff\xd8\xff"), "image/jpeg");
	assert_type(SNIFF("\xff\xd8"), NULL);
	assert_type(SNIFF("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png");
	assert_type(SNIFF("\x89PNG\r\n\x1a"), NULL);
	assert_type(SNIFF("\x89PNG\n\r\x1a\n"), NULL);
}

static void test_other_types_refused(void **state)
{
	(void)state;
	assert_type(blob_sniff("", 0), NULL);
	assert_type(blob_sniff(NULL, 10), NULL);
	assert_type(blob_sniff("%PDF-1.7", 0), NULL);
	assert_type(SNIFF("GIF89a\x01\x00"), NULL);
	assert_type(SNIFF("MZ\x90\x00"), NULL);
	assert_type(SNIFF("<!DOCTYPE html><script>alert(1)</script>"), NULL);
	assert_type(SNIFF("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), NULL);
	assert_type(SNIFF("PK\x03\x04"), NULL);
	assert_type(SNIFF("RIFF\x00\x00\x00\x00WEBPVP8 "), NULL);
	assert_type(SNIFF("\x00\x00\x00\x18"
			  "ftypmp42"),
		    NULL);
}

static void test_webm(void **state)
{
	(void)state;
	unsigned char b[64];
	assert_type(blob_sniff(chrome_webm, sizeof chrome_webm), "video/webm");
	/* only the header is needed */
	assert_type(blob_sniff(chrome_webm, 36), "video/webm");
	/* cut before the DocType's bytes */
	assert_type(blob_sniff(chrome_webm, 26), NULL);
	assert_type(blob_sniff(chrome_webm, 4), NULL);
	/* Matroska that is not WebM */
	static const unsigned char mkv[] = {0x1a, 0x45, 0xdf, 0xa3, 0x8b, 0x42, 0x82, 0x88,
					    'm',  'a',	't',  'r',  'o',  's',	'k',  'a'};
	assert_type(blob_sniff(mkv, sizeof mkv), NULL);
	/* DocType padded with NUL bytes is still "webm"; other padding is not */
	static const unsigned char padded[] = {0x1a, 0x45, 0xdf, 0xa3, 0x89, 0x42, 0x82,
					       0x86, 'w',  'e',	 'b',  'm',  0,	   0};
	static const unsigned char padded_x[] = {0x1a, 0x45, 0xdf, 0xa3, 0x89, 0x42, 0x82,
						 0x86, 'w',  'e',  'b',	 'm',  'x',  0};
	assert_type(blob_sniff(padded, sizeof padded), "video/webm");
	assert_type(blob_sniff(padded_x, sizeof padded_x), NULL);
	/* the header size as a 2-byte vint (0x40 0x1f = 31) */
	memcpy(b, chrome_webm, 4);
	b[4] = 0x40;
	b[5] = 0x1f;
	memcpy(b + 6, chrome_webm + 5, 31);
	assert_type(blob_sniff(b, 37), "video/webm");
	/* an unknown-size header, a zero first byte (no vint), an element overrunning the header */
	memcpy(b, chrome_webm, sizeof chrome_webm);
	b[4] = 0xff;
	assert_type(blob_sniff(b, sizeof chrome_webm), NULL);
	b[4] = 0x00;
	assert_type(blob_sniff(b, sizeof chrome_webm), NULL);
	memcpy(b, chrome_webm, sizeof chrome_webm);
	b[7] = 0xc0; /* EBMLVersion claims 64 bytes */
	assert_type(blob_sniff(b, sizeof chrome_webm), NULL);
	/* "webm" somewhere in the header but not as the DocType element */
	static const unsigned char fake[] = {0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42,
					     0x86, 0x84, 'w',  'e',  'b',  'm'};
	assert_type(blob_sniff(fake, sizeof fake), NULL);
	/* the EBML magic alone */
	assert_type(SNIFF("\x1a\x45\xdf\xa3"), NULL);
}

static void test_sha256_valid(void **state)
{
	(void)state;
	const char *ok = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	assert_true(blob_sha256_valid(ok));
	assert_false(blob_sha256_valid(NULL));
	assert_false(blob_sha256_valid(""));
	assert_false(
	    blob_sha256_valid("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
	assert_false(
	    blob_sha256_valid("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"));
	assert_false(
	    blob_sha256_valid("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555"));
	assert_false(blob_sha256_valid("../../../../etc/passwd"));
	assert_false(
	    blob_sha256_valid("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/"));
	assert_false(
	    blob_sha256_valid("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

static void test_content_type_valid(void **state)
{
	(void)state;
	assert_true(blob_content_type_valid("application/pdf"));
	assert_true(blob_content_type_valid("video/webm"));
	assert_true(blob_content_type_valid("image/svg+xml"));
	assert_true(blob_content_type_valid(
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
	assert_false(blob_content_type_valid(NULL));
	assert_false(blob_content_type_valid(""));
	assert_false(blob_content_type_valid("pdf"));
	assert_false(blob_content_type_valid("application/"));
	assert_false(blob_content_type_valid("/pdf"));
	assert_false(blob_content_type_valid("text/html; charset=utf-8"));
	assert_false(blob_content_type_valid("text/html\r\nSet-Cookie: a=b"));
	assert_false(blob_content_type_valid("a/b/c"));
	assert_false(blob_content_type_valid(".a/b"));
	char big[200];
	memset(big, 'a', sizeof big);
	big[100] = '/';
	big[199] = '\0';
	assert_false(blob_content_type_valid(big));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdf_jpeg_png),
	    cmocka_unit_test(test_other_types_refused),
	    cmocka_unit_test(test_webm),
	    cmocka_unit_test(test_sha256_valid),
	    cmocka_unit_test(test_content_type_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Shorthands for writing the form definitions (cert_forms_pra.c, cert_forms_pasca.c) as static
 * data, and the definitions they export to the engine (cert_forms.c). Private to the forms code. */
#ifndef UJIKOM_CERT_FORMS_DEFS_H
#define UJIKOM_CERT_FORMS_DEFS_H
#include <stddef.h>

#include "cert_forms.h"

/* Terminated arrays as compound literals (static storage at file scope). */
#define CHOICES(...) ((const struct cert_choice[]){__VA_ARGS__, {NULL, NULL, NULL}})
#define FIELDS(...)  ((const struct cert_field[]){__VA_ARGS__, {.name = NULL}})
#define PARTS(...)   ((const struct cert_part[]){__VA_ARGS__, {.code = NULL}})
#define ROLES(...)   ((const char *const[]){__VA_ARGS__, NULL})

/* A signature of the part's role (required: a complete form is signed). */
#define SIGNATURE(n, id, en)                                                                       \
	{                                                                                          \
		.name = (n), .type = CF_SIGNATURE, .label_id = (id), .label_en = (en),             \
		.required = 1                                                                      \
	}

/* Choice sets used by several forms. */
#define CH_K_BK                                                                                    \
	CHOICES({"K", "K (Kompeten)", "K (Competent)"},                                            \
		{"BK", "BK (Belum kompeten)", "BK (Not yet competent)"})

extern const struct cert_form cert_form_apl01;
extern const struct cert_form cert_form_apl02;
extern const struct cert_form cert_form_ak07;
extern const struct cert_form cert_form_ak01;
extern const struct cert_form cert_form_ak02;
extern const struct cert_form cert_form_ak03;
extern const struct cert_form cert_form_ak04;
extern const struct cert_form cert_form_ak05;
extern const struct cert_form cert_form_ak06;

#endif

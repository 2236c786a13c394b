/* The enabled modules, in the order their migrations and hooks run. Nothing else. */
#include "app.h"
#include "module.h"

extern const struct module accounts_module;
extern const struct module muk_module;
extern const struct module hr_module;
extern const struct module jadwal_module;
extern const struct module certification_module;
extern const struct module appeal_module;
extern const struct module assessment_module;

const struct module *const ujikom_modules[] = {
    &accounts_module,	   &muk_module,	   &hr_module,	       &jadwal_module,
    &certification_module, &appeal_module, &assessment_module, NULL,
};

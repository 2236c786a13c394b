/* OpenAPI components.schemas of the hr module (merged into /api/openapi.json). Names are
 * referenced by the routes in hr_module.c. */
#include "hr_internal.h"

/* clang-format off */
const char hr_openapi_schemas[] =
	"{\"schemas\":{\"HrAsesor\":{\"type\":\"object\",\"properties\":{\"account_id\":{\"type\":\"integ"
	"er\"},\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},\"met_number\":{\"type\":\""
	"string\",\"pattern\":\"^MET\\\\.000\\\\.[0-9]{6} [0-9]{4}$\"},\"certificate_number\":{\"type\":"
	"\"string\"},\"certificate_valid_until\":{\"type\":\"string\",\"format\":\"date\",\"description\""
	":\"last day the assessor certificate is valid (WIB)\"},\"certificate_valid\":{\"type\":\"boolean"
	"\",\"description\":\"valid today\"},\"active\":{\"type\":\"boolean\"},\"skema_ids\":{\"type\":\""
	"array\",\"items\":{\"type\":\"integer\"},\"description\":\"schemes in the assessor's scope (muk "
	"skema ids)\"}},\"required\":[\"account_id\",\"name\",\"email\",\"met_number\",\"certificate_numb"
	"er\",\"certificate_valid_until\",\"certificate_valid\",\"active\",\"skema_ids\"]},\"HrAsesorList"
	"\":{\"type\":\"object\",\"properties\":{\"asesor\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/c"
	"omponents/schemas/HrAsesor\"}},\"page\":{\"type\":\"integer\",\"minimum\":1},\"page_size\":{\"ty"
	"pe\":\"integer\"},\"total\":{\"type\":\"integer\"}},\"required\":[\"asesor\",\"page\",\"page_siz"
	"e\",\"total\"]},\"HrAsesorUpdateRequest\":{\"type\":\"object\",\"properties\":{\"met_number\":{"
	"\"type\":\"string\",\"pattern\":\"^MET\\\\.000\\\\.[0-9]{6} [0-9]{4}$\",\"description\":\"BNSP r"
	"egistration; serial not all zeros; year 1990..this year\"},\"certificate_number\":{\"type\":\"st"
	"ring\",\"minLength\":3,\"maxLength\":64},\"certificate_valid_until\":{\"type\":\"string\",\"form"
	"at\":\"date\"},\"active\":{\"type\":\"boolean\",\"default\":true},\"skema_ids\":{\"type\":\"arra"
	"y\",\"items\":{\"type\":\"integer\",\"minimum\":1},\"maxItems\":200}},\"required\":[\"met_number"
	"\",\"certificate_number\",\"certificate_valid_until\"]},\"HrAsesorCreateRequest\":{\"type\":\"ob"
	"ject\",\"properties\":{\"account_id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"an a"
	"ccount holding the asesor role\"},\"met_number\":{\"type\":\"string\",\"pattern\":\"^MET\\\\.000"
	"\\\\.[0-9]{6} [0-9]{4}$\"},\"certificate_number\":{\"type\":\"string\",\"minLength\":3,\"maxLeng"
	"th\":64},\"certificate_valid_until\":{\"type\":\"string\",\"format\":\"date\"},\"active\":{\"typ"
	"e\":\"boolean\",\"default\":true},\"skema_ids\":{\"type\":\"array\",\"items\":{\"type\":\"intege"
	"r\",\"minimum\":1},\"maxItems\":200}},\"required\":[\"account_id\",\"met_number\",\"certificate_"
	"number\",\"certificate_valid_until\"]}}}";
/* clang-format on */

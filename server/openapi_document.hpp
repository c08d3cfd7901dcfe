// docs/openapi.json, the OpenAPI 3.1 description of the REST API, built into the binary so that
// GET /api/v1/openapi.json always describes the server that answers it.
#pragma once

#include <string_view>

namespace mi::server {

[[nodiscard]] std::string_view openapi_document();

}  // namespace mi::server

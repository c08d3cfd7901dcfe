// An interview as a coach hands it back: Markdown, CSV (one row per answer) and a printable HTML
// report that uses the web client's report styles (web/css/app.css, print.css). Overridden values
// are the ones shown, each marked with what the scorer said. The JSON export is the API's view
// (coach_routes.cpp).
#pragma once

#include <string>

#include "server/coach/coach_service.hpp"

namespace mi::server::coach {

[[nodiscard]] std::string export_markdown(const InterviewDetail& detail);
[[nodiscard]] std::string export_csv(const InterviewDetail& detail);
[[nodiscard]] std::string export_html(const InterviewDetail& detail);

// Text made safe inside HTML element content and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace mi::server::coach

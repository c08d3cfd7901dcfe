// The only file that includes cpp-httplib. Its errors are reported by kind ("Connection",
// "Read"), never with the URL, which may carry a bot token.
#include <httplib.h>

#include "server/chat/outbound_transport.hpp"

namespace mi::server::chat {

namespace {

class HttplibTransport final : public OutboundTransport {
public:
    explicit HttplibTransport(std::chrono::milliseconds timeout) : timeout_(timeout) {}

    AttemptResult post(const OutboundRequest& request) override {
        AttemptResult result;
        // "https://host:port/path" -> "https://host:port" and "/path".
        const auto scheme_end = request.url.find("://");
        if (scheme_end == std::string::npos) {
            result.transport_error = "not an http(s) URL";
            return result;
        }
        const auto path_start = request.url.find('/', scheme_end + 3);
        const std::string origin = request.url.substr(0, path_start);
        const std::string path = path_start == std::string::npos ? "/" : request.url.substr(path_start);
        try {
            httplib::Client client(origin);
            const auto seconds = static_cast<time_t>(timeout_.count() / 1000);
            const auto microseconds = static_cast<time_t>((timeout_.count() % 1000) * 1000);
            client.set_connection_timeout(seconds, microseconds);
            client.set_read_timeout(seconds, microseconds);
            client.set_write_timeout(seconds, microseconds);
            client.set_keep_alive(false);
            httplib::Headers headers;
            for (const auto& [name, value] : request.headers) headers.emplace(name, value);
            auto response = client.Post(path, headers, request.body, "application/json; charset=utf-8");
            if (!response) {
                result.transport_error = httplib::to_string(response.error());
                return result;
            }
            result.status = response->status;
            result.body = response->body;
            result.retry_after = response->get_header_value("Retry-After");
        } catch (const std::exception& failure) {
            result.status = 0;
            result.transport_error = failure.what();
        }
        return result;
    }

private:
    std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<OutboundTransport> make_http_transport(std::chrono::milliseconds timeout) {
    return std::make_unique<HttplibTransport>(timeout);
}

}  // namespace mi::server::chat

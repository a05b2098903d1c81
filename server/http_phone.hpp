// `sim --url`: a phone that talks to a running server the way Africa's Talking
// does (form POST, "CON ..."/"END ..." back). A blocking client: one request at
// a time is all a person at a terminal needs.
#pragma once

#include <string>

#include "server/toolkit/service.hpp"

namespace dialgraph::server {

// `url` is http://HOST[:PORT][/PATH] (default port 80, path /callback). Throws
// std::invalid_argument for another shape. The phone throws std::runtime_error
// with one line ("cannot reach 127.0.0.1:8080: connect: Connection refused")
// when the server cannot be reached, does not answer within 10 s, or does not
// answer 200 with CON/END.
toolkit::Phone http_phone(const std::string& url);

}  // namespace dialgraph::server

// Paymaart as the toolkit sees it (toolkit/service.hpp): worlds on a temporary
// SQLite file filled from a conversation file's fixture, the demo database for
// `sim`, the HTTP client for `sim --url`, and the real server on a world for
// `test --http`.
#pragma once

#include "server/toolkit/service.hpp"

namespace dialgraph::server {

toolkit::Service paymaart_service();

}  // namespace dialgraph::server

// GET /metrics: the process's metrics (MetricsRegistry::Global(): see
// common/copra_metrics.h and http_metrics.h) in the Prometheus text
// exposition format 0.0.4. While no user exists it is open like every
// endpoint; once users exist it needs credentials (http_auth.h), so a
// Prometheus scrape job then needs basic_auth.
//
// The handler is thread-safe (rendering takes the registry's mutex).
#pragma once

namespace httplib {
class Server;
}  // namespace httplib

namespace copra {

class Database;

// Adds the route to `server`; `database` is borrowed and must outlive it.
void RegisterMetricsRoute(httplib::Server* server, Database* database);

}  // namespace copra

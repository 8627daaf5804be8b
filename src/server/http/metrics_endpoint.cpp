#include "server/http/metrics_endpoint.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "common/copra_metrics.h"
#include "common/metrics.h"
#include "server/http/http_auth.h"

namespace copra {

void RegisterMetricsRoute(httplib::Server* server, Database* database) {
  CopraMetrics::Get();  // every engine series exists (at 0) before the first scrape
  server->Get("/metrics", [database](const httplib::Request& req, httplib::Response& res) {
    if (Status auth = CheckHttpAuthorization(database, req); !auth.ok()) {
      SetUnauthorized(
          res, nlohmann::json({{"error", {{"code", "unauthorized"}, {"message", auth.message()}}}})
                   .dump());
      return;
    }
    res.status = 200;
    res.set_content(MetricsRegistry::Global().RenderText(), MetricsRegistry::kContentType);
  });
}

}  // namespace copra

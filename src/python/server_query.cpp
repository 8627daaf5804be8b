#include "python/server_query.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/database.h"
#include "engine/session.h"
#include "vector/selection.h"

namespace copra {

namespace {

// Cancels `session` when `cancel` is set, while it lives.
class CancelForwarder {
 public:
  CancelForwarder(const std::atomic<bool>* cancel, Session* session) {
    if (cancel == nullptr) return;
    thread_ = std::thread([this, cancel, session] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!done_) {
        if (cancel->load()) {
          session->Cancel();
          return;
        }
        cv_.wait_for(lock, std::chrono::milliseconds(5));
      }
    });
  }
  ~CancelForwarder() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

Result<ServerQueryAnswer> Run(const CoprocessorContext* ctx, const std::string& sql) {
  std::unique_ptr<Session> session = ctx->db->Connect(ctx->database);
  if (!ctx->user.empty()) session->set_authenticated_user(ctx->user);
  COPRA_RETURN_NOT_OK(session->SetSetting("batch_size", std::to_string(ctx->batch_size)));
  ServerQueryAnswer answer;
  std::vector<BatchPtr> batches;
  SchemaPtr schema;
  {
    CancelForwarder forward(ctx->cancel, session.get());
    COPRA_ASSIGN_OR_RETURN(auto result, session->Execute(sql));
    if (!result->returns_rows()) {
      answer.affected = result->rows();
      return answer;
    }
    schema = result->schema();
    COPRA_ASSIGN_OR_RETURN(batches, result->FetchAll());
  }
  answer.returns_rows = true;
  for (size_t c = 0; c < schema->num_fields(); ++c) {
    answer.names.push_back(schema->field(c).name);
    std::vector<ColumnPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    answer.columns.push_back(parts.empty() ? Column::MakeNull(schema->field(c).type, 0)
                                           : (parts.size() == 1 ? parts[0] : ConcatColumns(parts)));
  }
  return answer;
}

}  // namespace

Result<ServerQueryAnswer> RunServerQuery(const CoprocessorContext* ctx, const std::string& sql) {
  if (ctx == nullptr || ctx->db == nullptr) {
    return Status::Error(ErrorCode::kPythonError,
                         "query().sql() is only available while a script runs in a database");
  }
  auto answer = Run(ctx, sql);
  // The engine's error with its code, as the script sees it.
  if (!answer.ok()) return Status::Error(ErrorCode::kPythonError, answer.status().ToString());
  return answer;
}

}  // namespace copra

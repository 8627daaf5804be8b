#include "cli/shell.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/error_report.h"
#include "cli/line_reader.h"
#include "cli/result_format.h"
#include "cli/statement_buffer.h"
#include "cli/table_printer.h"
#include "engine/database.h"
#include "engine/query_result.h"
#include "engine/session.h"

namespace copra {

namespace {

// Interactive mode cuts values wider than this many terminal columns.
constexpr int kInteractiveMaxValueWidth = 80;

constexpr const char* kPrompt = "copra> ";
constexpr const char* kContinuationPrompt = "   ...> ";

constexpr const char* kHelp =
    "Statements end with ';' and may span several lines.\n"
    "  \\q, quit, exit     leave the shell (Ctrl-D too)\n"
    "  \\?, help           show this help\n"
    "  \\timing [on|off]   toggle (or set) printing each statement's time\n"
    "  \\r                 discard the statement being typed\n"
    "Ctrl-C cancels the running statement, or clears the input being typed.\n";

// SIGINT: cancels the running statement; at the prompt, flags the reader.
// Only lock-free atomics are touched here (async-signal-safe).
std::atomic<Session*> g_session{nullptr};
std::atomic<bool> g_statement_running{false};
std::atomic<bool> g_interrupt_at_prompt{false};
std::atomic<bool> g_interactive{false};
std::atomic<int> g_cancel_requests{0};

void OnSigint(int) {
  if (g_statement_running.load()) {
    // A second Ctrl-C while the statement has not noticed the first one
    // gives up on it (and on the shell), as a last resort.
    if (g_cancel_requests.fetch_add(1) >= 1) {
      std::signal(SIGINT, SIG_DFL);
      std::raise(SIGINT);
      return;
    }
    Session* session = g_session.load();
    if (session != nullptr) session->Cancel();
  } else if (g_interactive.load()) {
    g_interrupt_at_prompt.store(true);
  } else {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

void InstallSigintHandler() {
  struct sigaction action {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the line reader's select() must wake
  sigaction(SIGINT, &action, nullptr);
}

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/.copra_history";
}

class Shell {
 public:
  Shell(bool interactive, Session* session, OutputFormat format)
      : interactive_(interactive), format_(format), session_(session) {
    // Scripts and pipes want output that does not change run to run.
    timing_ = interactive;
  }

  int RunInteractive();
  // Runs `input` (a script or -c text); returns the exit code. With
  // `keep_going`, a failed statement does not stop the script.
  int RunScript(std::istream& input, bool keep_going);

 private:
  enum class LineResult { kOk, kFailed, kQuit };

  // Feeds one input line: a shell command at a statement boundary, else SQL
  // that runs once the buffer holds complete statements.
  LineResult HandleLine(std::string_view line, int64_t line_number);
  LineResult HandleMetaCommand(std::string_view command);
  // Runs the buffered statements and clears the buffer.
  LineResult RunBuffer();
  Status PrintResult(QueryResult& result);
  void PrintError(const std::string& text);

  bool interactive_;
  OutputFormat format_;
  bool timing_;
  Session* session_;
  StatementBuffer buffer_;
  LineReader* reader_ = nullptr;  // interactive only
  std::chrono::steady_clock::time_point mark_;
};

Shell::LineResult Shell::HandleLine(std::string_view line, int64_t line_number) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::string_view trimmed = Trim(line);
  if (!buffer_.InsideQuotedText() && !trimmed.empty() && trimmed.front() == '\\') {
    if (reader_ != nullptr) reader_->AddHistory(std::string(trimmed));
    return HandleMetaCommand(trimmed);
  }
  if (buffer_.empty()) {
    std::string_view word = trimmed;
    if (!word.empty() && word.back() == ';') word = Trim(word.substr(0, word.size() - 1));
    if (word == "quit" || word == "exit") return LineResult::kQuit;
    if (word == "help") {
      if (reader_ != nullptr) reader_->AddHistory(std::string(trimmed));
      std::cout << kHelp << std::flush;
      return LineResult::kOk;
    }
    if (trimmed.empty()) return LineResult::kOk;  // no blank lines before a statement
  }
  buffer_.AddLine(line, line_number);
  if (!buffer_.IsComplete()) return LineResult::kOk;
  return RunBuffer();
}

Shell::LineResult Shell::HandleMetaCommand(std::string_view command) {
  const size_t space = command.find_first_of(" \t");
  const std::string_view name = command.substr(0, space);
  const std::string_view arg =
      space == std::string_view::npos ? std::string_view() : Trim(command.substr(space));
  if (name == "\\q") return LineResult::kQuit;
  if (name == "\\?" || name == "\\h" || name == "\\help") {
    std::cout << kHelp << std::flush;
    return LineResult::kOk;
  }
  if (name == "\\r") {
    buffer_.Clear();
    if (interactive_) std::cout << "Input buffer cleared.\n" << std::flush;
    return LineResult::kOk;
  }
  if (name == "\\timing") {
    if (arg.empty()) {
      timing_ = !timing_;
    } else if (arg == "on") {
      timing_ = true;
    } else if (arg == "off") {
      timing_ = false;
    } else {
      PrintError(fmt::format("\\timing: expected on or off, got \"{}\"\n", arg));
      return LineResult::kFailed;
    }
    std::cout << "Timing is " << (timing_ ? "on" : "off") << ".\n" << std::flush;
    return LineResult::kOk;
  }
  PrintError(fmt::format("invalid command {}\nTry \\? for help.\n", name));
  return LineResult::kFailed;
}

Shell::LineResult Shell::RunBuffer() {
  const std::string sql = buffer_.text();
  const int64_t first_line = interactive_ || buffer_.first_line() <= 0 ? 1 : buffer_.first_line();
  const bool has_statement = buffer_.HasStatement();
  buffer_.Clear();
  if (reader_ != nullptr) reader_->AddHistory(std::string(Trim(sql)));
  if (!has_statement) return LineResult::kOk;  // only comments and ';'

  g_cancel_requests.store(0);
  g_statement_running.store(true);
  mark_ = std::chrono::steady_clock::now();
  const Status status =
      session_->ExecuteScript(sql, [this](QueryResult& result) { return PrintResult(result); });
  g_statement_running.store(false);
  if (status.ok()) return LineResult::kOk;
  // The terminal echoed "^C" at the end of the output; start a fresh line.
  const bool interrupted = interactive_ && g_cancel_requests.load() > 0;
  if (format_ == OutputFormat::kJson) {
    JsonPrinter::PrintError(std::cout, status);
    std::cout.flush();
  }
  PrintError((interrupted ? "\n" : "") + FormatSqlError(status, sql, first_line));
  return LineResult::kFailed;
}

Status Shell::PrintResult(QueryResult& result) {
  const auto elapsed_ms = [this] {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - mark_).count();
    mark_ = now;
    return ms;
  };
  if (format_ == OutputFormat::kJson) {
    // Always timed: the time is part of the record, and \timing lines would
    // break the one-line-per-statement framing.
    if (result.returns_rows()) {
      JsonPrinter printer(std::cout, result.schema());
      while (true) {
        COPRA_ASSIGN_OR_RETURN(BatchPtr batch, result.Next());
        if (batch == nullptr) break;
        printer.AddBatch(*batch);
      }
      printer.Finish(elapsed_ms());
    } else {
      JsonPrinter::PrintCommand(std::cout, result.command_tag(), result.rows(), elapsed_ms());
    }
    std::cout.flush();
    return Status::OK();
  }
  if (result.returns_rows() && format_ == OutputFormat::kCsv) {
    CsvPrinter printer(std::cout, result.schema());
    while (true) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, result.Next());
      if (batch == nullptr) break;
      printer.AddBatch(*batch);
    }
    printer.Finish();
  } else if (result.returns_rows()) {
    TablePrinterOptions options;
    if (interactive_) options.max_value_width = kInteractiveMaxValueWidth;
    TablePrinter printer(std::cout, result.schema(), options);
    while (true) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, result.Next());
      if (batch == nullptr) break;
      printer.AddBatch(*batch);
    }
    printer.Finish();
  } else {
    std::cout << result.command_tag() << '\n';
  }
  if (timing_) std::cout << fmt::format("Time: {:.3f} ms\n", elapsed_ms());
  if (interactive_) std::cout << '\n';
  std::cout.flush();
  return Status::OK();
}

void Shell::PrintError(const std::string& text) {
  std::cout.flush();  // keep stdout and stderr in order on a shared terminal
  std::cerr << text << std::flush;
}

int Shell::RunInteractive() {
  LineReader reader(HistoryPath(), [] { return g_interrupt_at_prompt.exchange(false); });
  reader_ = &reader;
  std::cout << fmt::format("copra {} shell. Type \\? for help, \\q to quit.\n", COPRA_VERSION)
            << std::flush;
  std::string line;
  while (true) {
    const char* prompt = buffer_.empty() ? kPrompt : kContinuationPrompt;
    const LineReader::Event event = reader.ReadLine(prompt, &line);
    if (event == LineReader::Event::kEndOfInput) {
      std::cout << '\n';
      break;
    }
    if (event == LineReader::Event::kInterrupted) {
      buffer_.Clear();
      continue;
    }
    if (HandleLine(line, 0) == LineResult::kQuit) break;
  }
  reader_ = nullptr;
  return 0;
}

int Shell::RunScript(std::istream& input, bool keep_going) {
  std::string line;
  int64_t line_number = 0;
  bool failed = false;
  while (std::getline(input, line)) {
    ++line_number;
    const LineResult result = HandleLine(line, line_number);
    if (result == LineResult::kQuit) return failed ? 1 : 0;
    if (result == LineResult::kFailed) {
      failed = true;
      if (!keep_going) return 1;
    }
  }
  // A last statement without ';' still runs (as with -c "SELECT 1").
  if (buffer_.HasStatement() && RunBuffer() != LineResult::kOk) failed = true;
  return failed ? 1 : 0;
}

}  // namespace

int RunShell(const ShellOptions& options) {
  DatabaseOptions db_options;
  db_options.data_dir = options.data_dir;
  Result<std::unique_ptr<Database>> db = Database::Open(db_options);
  if (!db.ok()) {
    std::cerr << fmt::format("ERROR: {} (SQLSTATE {})\n", db.status().message(),
                             db.status().sqlstate());
    return 1;
  }
  std::unique_ptr<Session> session = (*db)->Connect();

  const bool interactive = !options.has_command && isatty(STDIN_FILENO) == 1;
  g_session.store(session.get());
  g_interactive.store(interactive);
  InstallSigintHandler();

  Shell shell(interactive, session.get(), options.format);
  int code;
  if (options.has_command) {
    std::istringstream input(options.command);
    code = shell.RunScript(input, options.keep_going);
  } else if (interactive) {
    code = shell.RunInteractive();
  } else {
    code = shell.RunScript(std::cin, options.keep_going);
  }
  g_session.store(nullptr);
  return code;
}

}  // namespace copra

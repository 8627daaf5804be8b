#include "cli/line_reader.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace copra {

namespace {

constexpr int kMaxHistoryEntries = 1000;
constexpr char kNewlineInHistory = '\x01';

// Readline's callback interface hands the finished line to a plain
// function; these carry it back to ReadLine().
bool g_line_done = false;
bool g_line_eof = false;
std::string g_line;

void OnLine(char* line) {
  g_line_done = true;
  if (line == nullptr) {
    g_line_eof = true;
  } else {
    g_line = line;
    std::free(line);
  }
  // Stops readline from redisplaying the prompt while the shell works.
  rl_callback_handler_remove();
}

// Rewrites every history entry, replacing `from` by `to`.
void TranslateHistory(char from, char to) {
  for (int i = 0; i < history_length; ++i) {
    HIST_ENTRY* entry = history_get(history_base + i);
    if (entry == nullptr || entry->line == nullptr) continue;
    std::string text = entry->line;
    bool changed = false;
    for (char& c : text) {
      if (c == from) {
        c = to;
        changed = true;
      }
    }
    if (!changed) continue;
    HIST_ENTRY* old = replace_history_entry(i, text.c_str(), entry->data);
    if (old != nullptr) free_history_entry(old);
  }
}

}  // namespace

LineReader::LineReader(std::string history_path, std::function<bool()> take_interrupt)
    : history_path_(std::move(history_path)), take_interrupt_(std::move(take_interrupt)) {
  rl_readline_name = "copra";
  rl_catch_signals = 0;  // the shell's SIGINT handler decides what Ctrl-C does
  using_history();
  stifle_history(kMaxHistoryEntries);
  if (!history_path_.empty() && read_history(history_path_.c_str()) == 0) {
    TranslateHistory(kNewlineInHistory, '\n');
    if (history_length > 0) {
      HIST_ENTRY* last = history_get(history_base + history_length - 1);
      if (last != nullptr && last->line != nullptr) last_entry_ = last->line;
    }
  }
}

LineReader::~LineReader() { SaveHistory(); }

LineReader::Event LineReader::ReadLine(const std::string& prompt, std::string* line) {
  g_line_done = false;
  g_line_eof = false;
  g_line.clear();
  rl_callback_handler_install(prompt.c_str(), OnLine);
  while (!g_line_done) {
    const int fd = fileno(rl_instream != nullptr ? rl_instream : stdin);
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(fd, &fds);
    const int ready = select(fd + 1, &fds, nullptr, nullptr, nullptr);
    if (ready < 0) {
      if (errno != EINTR) {
        rl_callback_handler_remove();
        return Event::kEndOfInput;
      }
      if (take_interrupt_()) {
        // Drop the half-typed line and leave the cursor on a fresh line.
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_replace_line("", 0);
        rl_callback_handler_remove();
        std::fputs("^C\n", stdout);
        std::fflush(stdout);
        return Event::kInterrupted;
      }
      continue;  // another signal (e.g. SIGWINCH); keep reading
    }
    rl_callback_read_char();
  }
  if (g_line_eof) return Event::kEndOfInput;
  *line = std::move(g_line);
  return Event::kLine;
}

void LineReader::AddHistory(const std::string& entry) {
  if (entry.empty() || entry == last_entry_) return;
  add_history(entry.c_str());
  last_entry_ = entry;
}

void LineReader::SaveHistory() {
  if (history_path_.empty()) return;
  TranslateHistory('\n', kNewlineInHistory);
  write_history(history_path_.c_str());
  TranslateHistory(kNewlineInHistory, '\n');
}

}  // namespace copra

// LineReader: interactive line input for `copra shell` on top of GNU
// readline: line editing, a persistent history file, and Ctrl-C that clears
// the line being typed instead of killing the process.
//
// Readline runs in its callback mode, driven by select(), so that a SIGINT
// (caught by the shell's own handler, installed without SA_RESTART) wakes
// the reader; the shell passes `take_interrupt`, which reports and clears
// its "SIGINT arrived" flag.
//
// Multi-line history entries are stored with newlines encoded as \x01 (as
// psql does), so the file keeps one entry per line.
//
// One LineReader per process (readline is global state); main thread only.
#pragma once

#include <functional>
#include <string>

namespace copra {

class LineReader {
 public:
  enum class Event { kLine, kEndOfInput, kInterrupted };

  // Loads `history_path` ("" = no history file).
  LineReader(std::string history_path, std::function<bool()> take_interrupt);
  // Saves the history.
  ~LineReader();

  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Shows `prompt` and reads one line into `*line` (kLine). kEndOfInput on
  // Ctrl-D / EOF, kInterrupted on Ctrl-C (the partial line is dropped).
  Event ReadLine(const std::string& prompt, std::string* line);

  // Adds an entry (may contain newlines) unless it repeats the last one.
  void AddHistory(const std::string& entry);

  void SaveHistory();

 private:
  std::string history_path_;
  std::function<bool()> take_interrupt_;
  std::string last_entry_;
};

}  // namespace copra

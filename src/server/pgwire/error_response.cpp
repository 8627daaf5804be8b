#include "server/pgwire/error_response.h"

#include <string>

#include "server/pgwire/pg_protocol.h"

namespace copra::pgwire {

namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "ERROR";
    case Severity::kFatal: return "FATAL";
    case Severity::kWarning: return "WARNING";
    case Severity::kNotice: return "NOTICE";
  }
  return "ERROR";
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

int CharacterPosition(std::string_view sql, const SourcePosition& pos) {
  if (!pos.IsKnown() || sql.empty()) return 0;
  // Walk to the start of the line, counting characters, then add the column
  // (which counts characters too).
  int chars = 0;
  int line = 1;
  size_t i = 0;
  while (i < sql.size() && line < pos.line) {
    if (sql[i] == '\n') ++line;
    if (!IsContinuationByte(sql[i])) ++chars;
    ++i;
  }
  if (line < pos.line) return 0;
  int position = chars + pos.column;
  int total = 0;
  for (char c : sql) total += IsContinuationByte(c) ? 0 : 1;
  return position >= 1 && position <= total + 1 ? position : 0;
}

void WriteErrorResponse(MessageWriter& w, const Status& status, std::string_view sql,
                        Severity severity) {
  w.Begin(backend::kErrorResponse);
  w.Byte('S');
  w.CString(SeverityName(severity));
  w.Byte('V');
  w.CString(SeverityName(severity));
  w.Byte('C');
  w.CString(status.sqlstate());
  w.Byte('M');
  w.CString(status.message());
  int position = CharacterPosition(sql, status.position());
  if (position > 0) {
    w.Byte('P');
    w.CString(std::to_string(position));
  }
  w.Byte('\0');
  w.End();
}

void WriteErrorResponse(MessageWriter& w, Severity severity, const char* sqlstate,
                        std::string_view message) {
  w.Begin(backend::kErrorResponse);
  w.Byte('S');
  w.CString(SeverityName(severity));
  w.Byte('V');
  w.CString(SeverityName(severity));
  w.Byte('C');
  w.CString(sqlstate);
  w.Byte('M');
  w.CString(message);
  w.Byte('\0');
  w.End();
}

void WriteNotice(MessageWriter& w, Severity severity, const char* sqlstate,
                 std::string_view message) {
  w.Begin(backend::kNoticeResponse);
  w.Byte('S');
  w.CString(SeverityName(severity));
  w.Byte('V');
  w.CString(SeverityName(severity));
  w.Byte('C');
  w.CString(sqlstate);
  w.Byte('M');
  w.CString(message);
  w.Byte('\0');
  w.End();
}

}  // namespace copra::pgwire

// PgOptions: limits of the PostgreSQL wire protocol server, set from the
// config file ([pg] section, see docs/protocols.md) through ServerOptions.
// Plain value type.
#pragma once

#include <cstdint>
#include <string>

namespace copra::pgwire {

struct PgOptions {
  // Largest accepted message body; a bigger one closes the connection with
  // a protocol-violation error (config: pg.max_message_size).
  int64_t max_message_size = 64 << 20;
  // Concurrent client sessions; more are refused with SQLSTATE 53300
  // (config: pg.max_connections).
  int max_connections = 100;
  // Milliseconds a session may wait idle between queries before it is
  // closed (SQLSTATE 57P05); 0 = no limit (config: pg.idle_timeout_ms).
  int64_t idle_timeout_ms = 0;
  // Milliseconds a statement may run before it is canceled (SQLSTATE
  // 57014); 0 = no limit (config: pg.statement_timeout_ms).
  int64_t statement_timeout_ms = 0;
  // Milliseconds a new connection has to finish its startup packet.
  int64_t startup_timeout_ms = 60000;
  // PEM certificate chain and private key: with both, SSLRequest is
  // answered 'S' and the connection continues over TLS (config:
  // pg.tls_cert, pg.tls_key); without, 'N'.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Refuse clients that do not ask for TLS (SQLSTATE 28000; config:
  // pg.tls_required). Needs the certificate and key.
  bool tls_required = false;
};

}  // namespace copra::pgwire

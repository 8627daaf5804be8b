// SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: password
// verifiers in PostgreSQL's text form
//   SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>
// (the password itself is never stored), and the server side of the
// authentication exchange. Crypto by OpenSSL (PBKDF2, HMAC-SHA-256).
// Passwords are used as given (no SASLprep normalization).
//
// Functions are thread-safe; a ScramServer is one exchange, single-threaded.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

struct ScramVerifier {
  int iterations = 4096;
  std::string salt;        // raw bytes
  std::string stored_key;  // raw 32 bytes
  std::string server_key;  // raw 32 bytes

  std::string ToString() const;
  // Parses ToString()'s form; kInvalidArgument otherwise.
  static Result<ScramVerifier> Parse(std::string_view text);
};

// A verifier for `password` with a random 16-byte salt.
ScramVerifier MakeScramVerifier(std::string_view password, int iterations = 4096);
// True when `password` matches (HTTP Basic authentication).
bool CheckScramPassword(const ScramVerifier& verifier, std::string_view password);

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// The server side of one SCRAM-SHA-256 exchange (no channel binding).
class ScramServer {
 public:
  explicit ScramServer(ScramVerifier verifier) : verifier_(std::move(verifier)) {}
  // client-first-message ("n,,n=,r=<nonce>") → server-first-message.
  Result<std::string> ClientFirst(std::string_view message);
  // client-final-message ("c=biws,r=<nonce>,p=<proof>") → server-final
  // ("v=<signature>"), or kInsufficientPrivilege when the proof is wrong.
  Result<std::string> ClientFinal(std::string_view message);

 private:
  ScramVerifier verifier_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client nonce + server nonce
};

}  // namespace copra

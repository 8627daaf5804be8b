// TlsContext: a server-side OpenSSL context (SSL_CTX) loaded from a PEM
// certificate chain and private key, for the PostgreSQL wire protocol's
// TLS (SSLRequest answered 'S'). TLS 1.2 or newer; OpenSSL's default
// ciphers.
//
// Load() checks the files (readable, PEM, the key matches the certificate)
// so that a bad configuration stops the server at startup with a message
// naming the file. Thread-safe after Load(): connections create their SSL
// objects from it concurrently. Owns the SSL_CTX.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace copra {

class TlsContext {
 public:
  static Result<std::unique_ptr<TlsContext>> Load(const std::string& cert_file,
                                                  const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  ssl_ctx_st* native() const { return ctx_; }

 private:
  explicit TlsContext(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

// The text of OpenSSL's most recent error on this thread (and clears the
// error queue); `fallback` when there is none.
std::string TakeOpenSslError(const std::string& fallback);

}  // namespace copra

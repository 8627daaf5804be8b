#include "server/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace copra {

std::string TakeOpenSslError(const std::string& fallback) {
  unsigned long code = ERR_get_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  ERR_clear_error();
  return text;
}

Result<std::unique_ptr<TlsContext>> TlsContext::Load(const std::string& cert_file,
                                                     const std::string& key_file) {
  if (cert_file.empty() || key_file.empty()) {
    return Status::InvalidArgument("TLS needs both a certificate file and a private key file");
  }
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status::Internal(TakeOpenSslError("cannot create a TLS context"));
  std::unique_ptr<TlsContext> out(new TlsContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Status::InvalidArgument("cannot load the TLS certificate \"" + cert_file +
                                   "\": " + TakeOpenSslError("not a PEM certificate"));
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Status::InvalidArgument("cannot load the TLS private key \"" + key_file +
                                   "\": " + TakeOpenSslError("not a PEM private key"));
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return Status::InvalidArgument("the TLS private key \"" + key_file +
                                   "\" does not match the certificate \"" + cert_file + "\"");
  }
  return out;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

}  // namespace copra

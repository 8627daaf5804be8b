#include "common/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <vector>

namespace copra {

namespace {

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Sha256(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<char*>(out), sizeof(out));
}

std::string SaltedPassword(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[32];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof(out), out);
  return std::string(reinterpret_cast<char*>(out), sizeof(out));
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n));
  return out;
}

bool EqualConstantTime(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The value of attribute `key` ("r", "p", ...) in a comma-separated SCRAM
// message, or nullopt.
std::optional<std::string_view> Attribute(std::string_view message, char key) {
  size_t pos = 0;
  while (pos <= message.size()) {
    size_t end = message.find(',', pos);
    if (end == std::string_view::npos) end = message.size();
    std::string_view part = message.substr(pos, end - pos);
    if (part.size() >= 2 && part[0] == key && part[1] == '=') return part.substr(2);
    pos = end + 1;
  }
  return std::nullopt;
}

Status Malformed(const std::string& what) {
  return Status::Error(ErrorCode::kProtocolViolation, "malformed SCRAM message: " + what);
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Status::InvalidArgument("invalid base64");
  std::string out(3 * text.size() / 4 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return Status::InvalidArgument("invalid base64");
  size_t len = static_cast<size_t>(n);
  // EVP_DecodeBlock counts padding as zero bytes.
  if (!text.empty() && text.back() == '=') --len;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

std::string ScramVerifier::ToString() const {
  return "SCRAM-SHA-256$" + std::to_string(iterations) + ":" + Base64Encode(salt) + "$" +
         Base64Encode(stored_key) + ":" + Base64Encode(server_key);
}

Result<ScramVerifier> ScramVerifier::Parse(std::string_view text) {
  auto bad = [] { return Status::InvalidArgument("not a SCRAM-SHA-256 verifier"); };
  constexpr std::string_view kPrefix = "SCRAM-SHA-256$";
  if (!text.starts_with(kPrefix)) return bad();
  text.remove_prefix(kPrefix.size());
  size_t colon = text.find(':');
  size_t dollar = text.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || dollar < colon) {
    return bad();
  }
  ScramVerifier v;
  try {
    v.iterations = std::stoi(std::string(text.substr(0, colon)));
  } catch (...) {
    return bad();
  }
  std::string_view keys = text.substr(dollar + 1);
  size_t colon2 = keys.find(':');
  if (v.iterations < 1 || colon2 == std::string_view::npos) return bad();
  COPRA_ASSIGN_OR_RETURN(v.salt, Base64Decode(text.substr(colon + 1, dollar - colon - 1)));
  COPRA_ASSIGN_OR_RETURN(v.stored_key, Base64Decode(keys.substr(0, colon2)));
  COPRA_ASSIGN_OR_RETURN(v.server_key, Base64Decode(keys.substr(colon2 + 1)));
  if (v.stored_key.size() != 32 || v.server_key.size() != 32) return bad();
  return v;
}

ScramVerifier MakeScramVerifier(std::string_view password, int iterations) {
  ScramVerifier v;
  v.iterations = iterations;
  v.salt = RandomBytes(16);
  std::string salted = SaltedPassword(password, v.salt, iterations);
  v.stored_key = Sha256(Hmac(salted, "Client Key"));
  v.server_key = Hmac(salted, "Server Key");
  return v;
}

bool CheckScramPassword(const ScramVerifier& v, std::string_view password) {
  std::string salted = SaltedPassword(password, v.salt, v.iterations);
  return EqualConstantTime(Sha256(Hmac(salted, "Client Key")), v.stored_key);
}

Result<std::string> ScramServer::ClientFirst(std::string_view message) {
  // gs2-header: "n,," (no channel binding) or "y,," (client could, but we
  // did not offer it); "p=" asks for channel binding, which is not offered.
  if (!(message.starts_with("n,") || message.starts_with("y,"))) {
    return Malformed("channel binding is not supported");
  }
  size_t second = message.find(',', 2);
  if (second == std::string_view::npos) return Malformed("no client-first-message-bare");
  client_first_bare_ = std::string(message.substr(second + 1));
  std::optional<std::string_view> nonce = Attribute(client_first_bare_, 'r');
  if (!nonce || nonce->empty()) return Malformed("no client nonce");
  nonce_ = std::string(*nonce) + Base64Encode(RandomBytes(18));
  server_first_ = "r=" + nonce_ + ",s=" + Base64Encode(verifier_.salt) +
                  ",i=" + std::to_string(verifier_.iterations);
  return server_first_;
}

Result<std::string> ScramServer::ClientFinal(std::string_view message) {
  std::optional<std::string_view> nonce = Attribute(message, 'r');
  std::optional<std::string_view> proof_b64 = Attribute(message, 'p');
  size_t proof_at = message.rfind(",p=");
  if (!nonce || !proof_b64 || proof_at == std::string_view::npos) {
    return Malformed("client-final-message lacks r= or p=");
  }
  if (*nonce != nonce_) return Malformed("nonce mismatch");
  COPRA_ASSIGN_OR_RETURN(std::string proof, Base64Decode(*proof_b64));
  std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + std::string(message.substr(0, proof_at));
  std::string signature = Hmac(verifier_.stored_key, auth_message);
  if (proof.size() != signature.size()) return Malformed("bad proof length");
  std::string client_key(proof.size(), '\0');
  for (size_t i = 0; i < proof.size(); ++i)
    client_key[i] = static_cast<char>(proof[i] ^ signature[i]);
  if (!EqualConstantTime(Sha256(client_key), verifier_.stored_key)) {
    return Status::Error(ErrorCode::kInsufficientPrivilege, "password authentication failed");
  }
  return "v=" + Base64Encode(Hmac(verifier_.server_key, auth_message));
}

}  // namespace copra

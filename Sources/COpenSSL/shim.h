#ifndef DIALER_COPENSSL_SHIM_H
#define DIALER_COPENSSL_SHIM_H

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <stddef.h>
#include <stdint.h>

/* Typed, pointer-and-length wrappers over libcrypto. Each returns 1 on
   success and 0 on failure, and clears OpenSSL's error queue on failure so
   that no stale error (which could name key details) lingers per thread. */

enum {
    DIALER_SHA1_LENGTH = 20,
    DIALER_SHA256_LENGTH = 32,
};

/* Swift hands over a nil base address for an empty array; HMAC() and the
   digests want a real pointer even for zero bytes. */
static const unsigned char dialer_empty_bytes[1] = {0};

static inline int dialer_hmac(const EVP_MD *md, const uint8_t *key, size_t key_length,
                              const uint8_t *message, size_t message_length,
                              uint8_t *out, unsigned int expected_length) {
    unsigned int written = 0;
    if (key_length > INT32_MAX) return 0;
    if (HMAC(md, key ? key : dialer_empty_bytes, (int)key_length,
             message ? message : dialer_empty_bytes, message_length, out, &written) == NULL
        || written != expected_length) {
        ERR_clear_error();
        return 0;
    }
    return 1;
}

/* out must hold DIALER_SHA1_LENGTH bytes. */
static inline int dialer_hmac_sha1(const uint8_t *key, size_t key_length,
                                   const uint8_t *message, size_t message_length, uint8_t *out) {
    return dialer_hmac(EVP_sha1(), key, key_length, message, message_length, out, DIALER_SHA1_LENGTH);
}

/* out must hold DIALER_SHA256_LENGTH bytes. */
static inline int dialer_hmac_sha256(const uint8_t *key, size_t key_length,
                                     const uint8_t *message, size_t message_length, uint8_t *out) {
    return dialer_hmac(EVP_sha256(), key, key_length, message, message_length, out, DIALER_SHA256_LENGTH);
}

/* out must hold DIALER_SHA256_LENGTH bytes. */
static inline int dialer_sha256(const uint8_t *data, size_t length, uint8_t *out) {
    unsigned int written = 0;
    if (EVP_Digest(data ? data : dialer_empty_bytes, length, out, &written, EVP_sha256(), NULL) != 1
        || written != DIALER_SHA256_LENGTH) {
        ERR_clear_error();
        return 0;
    }
    return 1;
}

/* Refuses to prompt on the terminal for the passphrase of an encrypted key,
   which is OpenSSL's default when no callback is given. */
static inline int dialer_no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer; (void)size; (void)rwflag; (void)userdata;
    return -1;
}

/* Returns NULL when the PEM text holds no usable unencrypted private key. */
static inline EVP_PKEY *dialer_private_key_from_pem(const char *pem, size_t length) {
    if (length > INT32_MAX) return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (!bio) { ERR_clear_error(); return NULL; }
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, dialer_no_passphrase, NULL);
    BIO_free(bio);
    if (!key) ERR_clear_error();
    return key;
}

static inline int dialer_private_key_is_rsa(const EVP_PKEY *key) {
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
}

/* The signature length in bytes, i.e. the RSA modulus size. */
static inline size_t dialer_private_key_signature_length(const EVP_PKEY *key) {
    int size = EVP_PKEY_get_size(key);
    return size > 0 ? (size_t)size : 0;
}

static inline void dialer_private_key_free(EVP_PKEY *key) {
    EVP_PKEY_free(key);
}

/* RSASSA-PKCS1-v1_5 with SHA-256 (JWT "RS256"). On entry *signature_length is
   the capacity of signature; on success it is the number of bytes written. */
static inline int dialer_rs256_sign(EVP_PKEY *key, const uint8_t *data, size_t data_length,
                                    uint8_t *signature, size_t *signature_length) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_PKEY_CTX *key_context = NULL;
    int ok = context != NULL
        && EVP_DigestSignInit(context, &key_context, EVP_sha256(), NULL, key) == 1
        && EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) == 1
        && EVP_DigestSign(context, signature, signature_length,
                          data ? data : dialer_empty_bytes, data_length) == 1;
    EVP_MD_CTX_free(context);
    if (!ok) ERR_clear_error();
    return ok;
}

static inline int dialer_constant_time_equal(const uint8_t *a, const uint8_t *b, size_t length) {
    if (length == 0) return 1;
    return CRYPTO_memcmp(a, b, length) == 0;
}

static inline int dialer_random_bytes(uint8_t *out, size_t length) {
    if (length == 0) return 1;
    if (length > INT32_MAX || RAND_bytes(out, (int)length) != 1) {
        ERR_clear_error();
        return 0;
    }
    return 1;
}

/* Returns NULL when the PEM text holds no readable public key ("BEGIN PUBLIC KEY"). */
static inline EVP_PKEY *dialer_public_key_from_pem(const char *pem, size_t length) {
    if (length > INT32_MAX) return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (!bio) { ERR_clear_error(); return NULL; }
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, NULL, dialer_no_passphrase, NULL);
    BIO_free(bio);
    if (!key) ERR_clear_error();
    return key;
}

/* Verifies an RS256 signature; 1 when valid, 0 otherwise. */
static inline int dialer_rs256_verify(EVP_PKEY *key, const uint8_t *data, size_t data_length,
                                      const uint8_t *signature, size_t signature_length) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_PKEY_CTX *key_context = NULL;
    int ok = context != NULL
        && EVP_DigestVerifyInit(context, &key_context, EVP_sha256(), NULL, key) == 1
        && EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) == 1
        && EVP_DigestVerify(context, signature ? signature : dialer_empty_bytes, signature_length,
                            data ? data : dialer_empty_bytes, data_length) == 1;
    EVP_MD_CTX_free(context);
    if (!ok) ERR_clear_error();
    return ok;
}

#endif

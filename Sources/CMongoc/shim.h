#ifndef DIALER_CMONGOC_SHIM_H
#define DIALER_CMONGOC_SHIM_H

#include <mongoc/mongoc.h>
#include <stdlib.h>
#include <string.h>

/* bson_t and bson_iter_t are 128-byte aligned, so Swift only sees them as
   opaque pointers; storage is allocated here, where the alignment is known. */

static inline bson_t *dialer_bson_alloc(void) {
    bson_t *b = (bson_t *)aligned_alloc(128, sizeof(bson_t));
    if (b) bson_init(b);
    return b;
}

static inline void dialer_bson_free(bson_t *b) {
    if (!b) return;
    bson_destroy(b);
    free(b);
}

static inline bson_iter_t *dialer_iter_alloc(void) {
    return (bson_iter_t *)aligned_alloc(128, sizeof(bson_iter_t));
}

static inline void dialer_iter_free(bson_iter_t *it) { free(it); }

static inline bson_error_t *dialer_error_alloc(void) {
    bson_error_t *e = (bson_error_t *)calloc(1, sizeof(bson_error_t));
    return e;
}

static inline void dialer_error_free(bson_error_t *e) { free(e); }
static inline const char *dialer_error_message(const bson_error_t *e) { return e->message; }
static inline uint32_t dialer_error_domain(const bson_error_t *e) { return e->domain; }
static inline uint32_t dialer_error_code(const bson_error_t *e) { return e->code; }

static inline void dialer_oid_to_string(const bson_oid_t *oid, char *out25) { bson_oid_to_string(oid, out25); }

static inline const uint8_t *dialer_iter_oid_bytes(const bson_iter_t *it) {
    return bson_iter_oid(it)->bytes;
}

static inline bool dialer_append_oid_bytes(bson_t *b, const char *key, const uint8_t *bytes12) {
    bson_oid_t oid;
    memcpy(oid.bytes, bytes12, 12);
    return bson_append_oid(b, key, -1, &oid);
}

#endif

#ifndef DIALER_CCURL_SHIM_H
#define DIALER_CCURL_SHIM_H

/* The wrappers below pass each option with its declared C type, which is the
   whole point of them, so curl's GCC-only option type checker adds nothing. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic,
   which Swift cannot call. One typed wrapper per argument type instead. */

typedef size_t (*dialer_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

static inline CURLcode dialer_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode dialer_easy_setopt_string(CURL *easy, CURLoption option, const char *value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode dialer_easy_setopt_pointer(CURL *easy, CURLoption option, void *value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode dialer_easy_setopt_off_t(CURL *easy, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode dialer_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(easy, option, value);
}

/* For CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION,
   which share one signature. */
static inline CURLcode dialer_easy_setopt_data_callback(CURL *easy, CURLoption option, dialer_curl_data_callback value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode dialer_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLcode dialer_easy_getinfo_off_t(CURL *easy, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLcode dialer_easy_getinfo_double(CURL *easy, CURLINFO info, double *value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLcode dialer_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLMcode dialer_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/* CURLMsg.data is a union; reading it in C keeps Swift away from its layout. */
static inline CURLcode dialer_msg_result(const CURLMsg *msg) {
    return msg->data.result;
}

/* Resumes a transfer whose write callback answered CURL_WRITEFUNC_PAUSE. Only from the
   thread that drives its multi handle. */
static inline CURLcode dialer_easy_unpause(CURL *easy) {
    return curl_easy_pause(easy, CURLPAUSE_CONT);
}

/* Macros Swift cannot import, re-exported as constants. */
static const size_t DIALER_CURL_WRITEFUNC_PAUSE = CURL_WRITEFUNC_PAUSE;
static const long DIALER_CURLAUTH_BASIC = (long)CURLAUTH_BASIC;
static const long DIALER_CURL_GLOBAL_DEFAULT = (long)CURL_GLOBAL_DEFAULT;
static const long DIALER_CURL_ERROR_SIZE = (long)CURL_ERROR_SIZE;

#endif

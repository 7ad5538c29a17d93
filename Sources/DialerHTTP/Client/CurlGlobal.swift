internal import CCurl

/// curl_global_init is not safe to race with other libcurl calls, and must run
/// once per process. Swift runs a global's initializer exactly once, lazily.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(DIALER_CURL_GLOBAL_DEFAULT) == CURLE_OK

    static func ensureInitialized() throws(HTTPClientError) {
        guard initialized else { throw .transport("libcurl global initialisation failed") }
    }
}

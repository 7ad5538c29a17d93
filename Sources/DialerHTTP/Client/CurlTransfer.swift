internal import CCurl
import DialerCore

/// One request: its libcurl easy handle, the response as it arrives, and the
/// continuation of the task awaiting it.
///
/// A buffered transfer resumes that continuation with the whole response. A streaming
/// one resumes it with the head (status and headers, empty body) as soon as the head
/// is in, and hands the body to its `CurlBodyChannel` as it arrives.
///
/// The response fields are touched only by the driver thread (from curl's
/// callbacks and on completion); the continuation is shared with the awaiting
/// task and its cancellation handler, under a lock.
final class CurlTransfer: @unchecked Sendable {
    typealias Continuation = CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>

    private enum Completion {
        case created
        case cancelledBeforeStart
        case waiting(Continuation)
        case finished
    }

    let easy: UnsafeMutableRawPointer
    private let completion = LockedValue(Completion.created)

    // Driver thread only, once submitted.
    private let maxResponseBytes: Int
    private var body: [UInt8] = []
    private var receivedBytes = 0
    private var headers: [HTTPHeader] = []
    private var bodyExceededLimit = false
    /// Streaming only: where the body goes, and whether the head has been handed over.
    private let channel: CurlBodyChannel?
    private var headDelivered = false
    private let followsRedirects: Bool

    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Texts scrubbed from curl's error messages before they leave this type.
    private let secrets: [String]

    /// `streamingInto`: nil buffers the body into the response; a channel streams it there.
    init(_ request: HTTPRequest, streamingInto channel: CurlBodyChannel? = nil) throws(HTTPClientError) {
        try CurlGlobal.ensureInitialized()
        guard let easy = curl_easy_init() else { throw .transport("curl_easy_init failed") }
        self.easy = easy
        maxResponseBytes = max(0, request.maxResponseBytes)
        self.channel = channel
        followsRedirects = request.followRedirects
        errorBuffer = .allocate(capacity: Int(DIALER_CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(DIALER_CURL_ERROR_SIZE))
        secrets = [request.basicAuth?.user, request.basicAuth?.password].compactMap { $0 }.filter { !$0.isEmpty }
        // On a throw below, deinit frees the handle and the buffers.
        try configure(for: request)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    // MARK: Continuation hand-off (any thread)

    /// Stores the continuation. Returns false, having resumed it with `.cancelled`,
    /// if the task was cancelled before it got here; the caller must then not submit.
    func install(_ continuation: Continuation) -> Bool {
        let cancelledEarly = completion.withLock { state -> Bool in
            if case .cancelledBeforeStart = state {
                state = .finished
                return true
            }
            state = .waiting(continuation)
            return false
        }
        if cancelledEarly { continuation.resume(returning: .failure(.cancelled)) }
        return !cancelledEarly
    }

    /// Resumes the waiting task with `.cancelled` at once. Returns true if the
    /// transfer may be in the driver's hands, so the driver must drop it.
    func cancel() -> Bool {
        let waiting = completion.withLock { state -> Continuation? in
            switch state {
            case .created:
                state = .cancelledBeforeStart
                return nil
            case .waiting(let continuation):
                state = .finished
                return continuation
            case .cancelledBeforeStart, .finished:
                return nil
            }
        }
        waiting?.resume(returning: .failure(.cancelled))
        return waiting != nil
    }

    var isFinished: Bool {
        completion.withLock { if case .finished = $0 { true } else { false } }
    }

    /// Fails the transfer without curl's verdict (the client shut down, the multi handle refused it).
    func abandon(_ error: HTTPClientError) {
        finish(.failure(error))
        channel?.finish(error)
    }

    private func finish(_ result: Result<HTTPResponse, HTTPClientError>) {
        let waiting = completion.withLock { state -> Continuation? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .finished
            return continuation
        }
        waiting?.resume(returning: result)
    }

    // MARK: Driver thread

    /// Called once curl reports the transfer done and it has left the multi handle.
    func complete(with code: CURLcode) {
        let result = result(for: code)
        guard let channel else { return finish(result) }
        switch result {
        case .success:
            deliverHead()
            channel.finish(nil)
        case .failure(let error):
            // Before the head, the task awaiting `stream` learns of it; after, the body's reader does.
            finish(.failure(error))
            channel.finish(error)
        }
    }

    private func result(for code: CURLcode) -> Result<HTTPResponse, HTTPClientError> {
        if code == CURLE_OK {
            return .success(HTTPResponse(status: infoLong(CURLINFO_RESPONSE_CODE), headers: headers, body: body))
        }
        if bodyExceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.responseTooLarge(limit: maxResponseBytes))
        }
        return .failure(
            CurlErrorMapping.error(
                for: code,
                detail: redactedDetail(code),
                reachedTransferPhase: infoOffT(CURLINFO_PRETRANSFER_TIME_T) > 0,
                requestBytesSent: infoLong(CURLINFO_REQUEST_SIZE)))
    }

    fileprivate func receiveBody(_ bytes: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let bytes else { return count }
        guard receivedBytes + count <= maxResponseBytes else {
            bodyExceededLimit = true
            return 0 // curl aborts the transfer with CURLE_WRITE_ERROR
        }
        let offer = bytes.withMemoryRebound(to: UInt8.self, capacity: count) { start -> CurlBodyChannel.Offer in
            let chunk = UnsafeBufferPointer(start: start, count: count)
            guard let channel else {
                body.append(contentsOf: chunk)
                return .accepted
            }
            deliverHead()
            return channel.offer(chunk)
        }
        switch offer {
        case .accepted:
            receivedBytes += count
            return count
        case .full:
            return Int(DIALER_CURL_WRITEFUNC_PAUSE)
        case .closed:
            return 0 // the reader has gone: curl aborts the transfer
        }
    }

    /// Streaming: hands the status and headers to the task awaiting `stream`, once.
    private func deliverHead() {
        guard !headDelivered else { return }
        headDelivered = true
        finish(.success(HTTPResponse(status: infoLong(CURLINFO_RESPONSE_CODE), headers: headers, body: [])))
    }

    /// The blank line after a header block. A 1xx is followed by the real response, and so is a
    /// redirect curl is about to follow; any other status starts the body.
    private func headerBlockEnded() {
        guard channel != nil, !headDelivered else { return }
        let status = infoLong(CURLINFO_RESPONSE_CODE)
        if status < 200 { return }
        if followsRedirects, (300..<400).contains(status), headers.lastValue(named: "location") != nil { return }
        deliverHead()
    }

    fileprivate func receiveHeaderLine(_ bytes: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let bytes else { return count }
        bytes.withMemoryRebound(to: UInt8.self, capacity: count) {
            parseHeaderLine(UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }

    private func parseHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        if line.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) {
            headerBlockEnded()
            return
        }
        if line.starts(with: "HTTP/".utf8) {
            // A new status line: an interim (1xx) or redirected response came before.
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmingWhitespace(line[..<colon])
        let value = Self.trimmingWhitespace(line[(colon + 1)...])
        guard !name.isEmpty else { return }
        headers.append(HTTPHeader(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

    /// Bytes, not Characters: Swift reads "\r\n" as one Character.
    private static func trimmingWhitespace(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        let isWhitespace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    // MARK: Set-up

    private func configure(for request: HTTPRequest) throws(HTTPClientError) {
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        // curl must not raise SIGALRM or SIGPIPE in a multi-threaded process.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.totalTimeout))
        try check(dialer_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try set(CURLOPT_SSL_VERIFYPEER, request.verifyTLS ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, request.verifyTLS ? 2 : 0)
        // curl refuses early when Content-Length already says too much.
        try check(dialer_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes)))

        try configureMethodAndBody(request)
        try configureHeaders(request.headers)
        if request.followRedirects {
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, 5)
            try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        }
        if let credentials = request.basicAuth {
            try set(CURLOPT_HTTPAUTH, DIALER_CURLAUTH_BASIC)
            try set(CURLOPT_USERNAME, credentials.user)
            try set(CURLOPT_PASSWORD, credentials.password)
        }

        let userdata = Unmanaged.passUnretained(self).toOpaque()
        try check(
            dialer_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { bytes, size, count, userdata in
                Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue().receiveBody(bytes, size * count)
            })
        try check(dialer_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata))
        try check(
            dialer_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { bytes, size, count, userdata in
                Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue().receiveHeaderLine(bytes, size * count)
            })
        try check(dialer_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, userdata))
    }

    private func configureMethodAndBody(_ request: HTTPRequest) throws(HTTPClientError) {
        let method = request.method.uppercased()
        guard !method.isEmpty, method.utf8.allSatisfy({ Self.isTokenCharacter($0) }) else {
            throw .transport("invalid HTTP method")
        }
        if let body = request.body {
            try check(dialer_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS makes curl keep its own copy, so the array need not outlive this call.
            if body.isEmpty {
                try set(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                try check(
                    body.withUnsafeBytes {
                        dialer_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
                    })
            }
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
            return
        }
        switch method {
        case "GET":
            try set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            try set(CURLOPT_NOBODY, 1)
        case "POST":
            try check(dialer_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0))
            try set(CURLOPT_COPYPOSTFIELDS, "")
        default:
            try set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    private func configureHeaders(_ requestHeaders: [HTTPHeader]) throws(HTTPClientError) {
        var lines: [String] = []
        for header in requestHeaders {
            // A CR or LF would let a value smuggle in a header of its own.
            guard !header.name.isEmpty, header.name.utf8.allSatisfy({ Self.isTokenCharacter($0) }),
                !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
            else { throw .transport("invalid request header \(header.name.filter(\.isASCII).prefix(64))") }
            lines.append("\(header.name): \(header.value)")
        }
        // Spares an extra round trip: curl otherwise waits for "100 Continue" on bodies over 1 KiB.
        lines.append("Expect:")
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw .transport("out of memory building request headers")
            }
            headerList = appended
        }
        try check(dialer_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(dialer_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        // curl copies string options, so the temporary C string may go.
        try check(dialer_easy_setopt_string(easy, option, value))
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            throw .transport("curl option rejected: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        return dialer_easy_getinfo_long(easy, info, &value) == CURLE_OK ? value : 0
    }

    private func infoOffT(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return dialer_easy_getinfo_off_t(easy, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    private func redactedDetail(_ code: CURLcode) -> String {
        let buffered = String(cString: errorBuffer)
        var text = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        for secret in secrets { text = text.replacing(secret, with: "<redacted>") }
        return text
    }

    /// curl reads 0 as "no timeout", so anything positive rounds up to at least 1 ms.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return 1 }
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow else { return Int.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, millis.partialValue + fraction))
    }

    /// RFC 9110 token characters, for methods and header names.
    private static func isTokenCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }
}

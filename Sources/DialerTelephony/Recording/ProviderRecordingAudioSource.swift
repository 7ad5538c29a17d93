import DialerHTTP
import Foundation

/// `RecordingAudioSource` over the configured providers' APIs, with the same configurations (base
/// URLs included, so dialer-sim stands in for all three) that place the calls.
public struct ProviderRecordingAudioSource: RecordingAudioSource {
    private let twilio: TwilioConfiguration?
    private let elevenLabs: ElevenLabsConfiguration?
    private let bland: BlandConfiguration?
    private let http: any HTTPStreamingClient
    private let totalTimeout: Duration
    private let maxBytes: Int

    /// - Parameters:
    ///   - totalTimeout: for the whole download, which runs at the pace of the client it is passed on to.
    ///   - maxBytes: a recording larger than this is cut off with an error (1 GiB by default: an hour of
    ///     WAV is about 58 MB).
    public init(
        twilio: TwilioConfiguration?, elevenLabs: ElevenLabsConfiguration?, bland: BlandConfiguration?,
        http: any HTTPStreamingClient, totalTimeout: Duration = .seconds(3600), maxBytes: Int = 1 << 30
    ) {
        self.twilio = twilio
        self.elevenLabs = elevenLabs
        self.bland = bland
        self.http = http
        self.totalTimeout = totalTimeout
        self.maxBytes = maxBytes
    }

    public func openAudio(_ locator: RecordingLocator, format: RecordingAudioFormat) async throws(RecordingAudioError) -> RecordingAudio {
        let target = try target(for: locator, format: format)
        let response: HTTPStreamedResponse
        do {
            response = try await http.stream(target.request)
        } catch {
            throw Self.transportError(error, what: target.what, secrets: target.secrets)
        }
        guard (200..<300).contains(response.status) else {
            // A short read: the body only serves to find the provider's error code.
            let body = (try? await response.body.collect(upTo: 4096)) ?? []
            throw Self.statusError(response.status, body: body, what: target.what)
        }
        return RecordingAudio(
            contentType: response.header("Content-Type") ?? target.fallbackContentType,
            contentLength: response.header("Content-Length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
            body: response.body)
    }

    /// A request, what it fetches in words fit for an error message, and the secrets it carries.
    private struct Target {
        var request: HTTPRequest
        var what: String
        var fallbackContentType: String
        var secrets: [String]
    }

    private func target(for locator: RecordingLocator, format: RecordingAudioFormat) throws(RecordingAudioError) -> Target {
        switch locator {
        case .twilio(let sid):
            guard let twilio else { throw .providerNotConfigured("Twilio recording \(sid): no Twilio account is configured") }
            guard RecordingLocator.isTwilioRecordingSid(sid) else { throw .notFound("not a Twilio recording SID: \(Self.printable(sid))") }
            // Twilio serves the media at the recording's URI without `.json`, and may redirect it to
            // storage; curl keeps the Basic credentials on Twilio's host.
            let credentials = twilio.basicAuth
            return Target(
                request: request(
                    url: twilio.recordingMediaURL(sid, format: format), connectTimeout: twilio.connectTimeout,
                    basicAuth: credentials, followRedirects: true),
                what: "Twilio recording \(sid)", fallbackContentType: format.contentType,
                secrets: [credentials.password])
        case .elevenLabs(let conversationId):
            let what = "ElevenLabs conversation \(Self.printable(conversationId))"
            guard let elevenLabs else { throw .providerNotConfigured("\(what): no ElevenLabs key is configured") }
            guard !conversationId.isEmpty else { throw .notFound("\(what): empty conversation id") }
            // Not following redirects: the key travels in a header of its own, which curl would pass on.
            return Target(
                request: request(
                    url: "\(elevenLabs.baseURL)/v1/convai/conversations/\(FormURLEncoding.escape(conversationId))/audio",
                    connectTimeout: elevenLabs.connectTimeout, headers: [HTTPHeader("xi-api-key", elevenLabs.apiKey)]),
                what: what, fallbackContentType: RecordingAudioFormat.mp3.contentType, secrets: [elevenLabs.apiKey])
        case .bland(let url):
            // The URL is not quoted in messages: a storage URL may carry a signature in its query.
            let what = "Bland recording"
            guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), parsed.host?.isEmpty == false,
                scheme == "https" || scheme == "http"
            else { throw .notFound("\(what): the stored recording URL is not an http(s) URL") }
            // Bland's key goes only to Bland's own API; a recording elsewhere (its storage) is fetched as
            // the link it is, and may redirect.
            if let bland, Self.sameOrigin(url, bland.baseURL) {
                return Target(
                    request: request(url: url, connectTimeout: bland.connectTimeout, headers: [HTTPHeader("authorization", bland.apiKey)]),
                    what: what, fallbackContentType: RecordingAudioFormat.mp3.contentType, secrets: [bland.apiKey])
            }
            guard scheme == "https" else { throw .notFound("\(what): a recording URL off Bland's API must be https") }
            return Target(
                request: request(url: url, connectTimeout: bland?.connectTimeout ?? .seconds(5), followRedirects: true),
                what: what, fallbackContentType: RecordingAudioFormat.mp3.contentType, secrets: bland.map { [$0.apiKey] } ?? [])
        }
    }

    private func request(
        url: String, connectTimeout: Duration, headers: [HTTPHeader] = [], basicAuth: BasicCredentials? = nil,
        followRedirects: Bool = false
    ) -> HTTPRequest {
        HTTPRequest(
            method: "GET", url: url, headers: headers, basicAuth: basicAuth, connectTimeout: connectTimeout,
            totalTimeout: totalTimeout, maxResponseBytes: maxBytes, followRedirects: followRedirects)
    }

    static func statusError(_ status: Int, body: [UInt8], what: String) -> RecordingAudioError {
        let code = providerCode(body).map { ", code \($0)" } ?? ""
        switch status {
        case 404, 410: return .notFound("\(what): the provider has no such recording (HTTP \(status)\(code))")
        case 401, 403: return .providerFailed("\(what): the provider refused our credentials (HTTP \(status)\(code))")
        default: return .providerFailed("\(what): the provider answered HTTP \(status)\(code)")
        }
    }

    static func transportError(_ error: HTTPClientError, what: String, secrets: [String]) -> RecordingAudioError {
        // curl's messages name the host and port, never the path or a header; scrubbed all the same.
        var detail = error.description
        for secret in secrets where !secret.isEmpty { detail = detail.replacing(secret, with: "<redacted>") }
        switch error {
        case .cancelled: return .cancelled
        case .timedOut: return .providerTimedOut("\(what): \(detail)")
        case .responseTooLarge: return .providerFailed("\(what): \(detail)")
        case .connectFailed, .transport: return .providerUnreachable("\(what): \(detail)")
        }
    }

    /// Twilio's numeric `code`, or ElevenLabs' `detail.status`; nothing else of the body is repeated.
    private static func providerCode(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        if let code = object["code"] as? Int { return String(code) }
        if let detail = object["detail"] as? [String: Any], let status = detail["status"] as? String { return printable(status) }
        return nil
    }

    /// An identifier from a request or a provider, cut short and stripped of control characters, for messages.
    private static func printable(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(80).map(Character.init))
    }

    private static func sameOrigin(_ a: String, _ b: String) -> Bool {
        guard let x = URLComponents(string: a), let y = URLComponents(string: b) else { return false }
        func port(_ c: URLComponents) -> Int? { c.port ?? (c.scheme?.lowercased() == "https" ? 443 : c.scheme?.lowercased() == "http" ? 80 : nil) }
        return x.scheme?.lowercased() == y.scheme?.lowercased() && x.host?.lowercased() == y.host?.lowercased() && port(x) == port(y)
            && x.host != nil
    }
}

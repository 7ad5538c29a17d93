import DialerCore
import DialerHTTP
import DialerTelephony
import Foundation

/// Asks the campaign's check URL over HTTP: `POST {"attemptId", "campaignId", "contactId"}` signed with
/// `Dialer-Signature`; the answer `{"eligible": true|false, "reason": "…"}` must come back within the campaign's
/// `timeoutMs` and be signed the same way with the same secret, or it is not an answer (a forged "eligible"
/// must not dial a number its owner's server never cleared).
public struct HTTPPreDialChecker: PreDialChecker {
    private let http: any HTTPClient
    private let secret: String
    private let gate: AsyncGate
    private let now: @Sendable () -> Date

    /// `concurrency`: checks in flight at once across every campaign of this instance.
    public init(http: any HTTPClient, secret: String, concurrency: Int, now: @escaping @Sendable () -> Date = { Date() }) {
        self.http = http
        self.secret = secret
        self.gate = AsyncGate(limit: concurrency)
        self.now = now
    }

    public func check(_ question: PreDialQuestion) async -> PreDialVerdict {
        await gate.run { await ask(question) }
    }

    private func ask(_ question: PreDialQuestion) async -> PreDialVerdict {
        let body = Self.body(question)
        let signature = DialerSignature.header(secret: secret, timestamp: Int(now().timeIntervalSince1970), body: body)
        let timeout = Duration.milliseconds(question.check.timeoutMs)
        let request = HTTPRequest(
            method: "POST", url: question.check.url,
            headers: [
                HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json"),
                HTTPHeader(DialerSignature.headerName, signature)
            ],
            body: body, connectTimeout: timeout, totalTimeout: timeout, maxResponseBytes: 64 << 10)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            return .failed(reason: "pre-dial check: \(error)")
        }
        guard (200..<300).contains(response.status) else { return .failed(reason: "pre-dial check answered HTTP \(response.status)") }
        let verdict = DialerSignature.verify(header: response.header(DialerSignature.headerName), secret: secret, body: response.body, now: now())
        guard verdict == .valid else { return .failed(reason: "pre-dial check answer not signed with the pre-dial secret (\(verdict))") }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
            return .failed(reason: "pre-dial check answer is not {\"eligible\": true|false, \"reason\": \"…\"}")
        }
        if answer.eligible { return .eligible }
        let reason = answer.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        return .notEligible(reason: "pre-dial check: " + (reason.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } ?? "not eligible"))
    }

    static func body(_ question: PreDialQuestion) -> [UInt8] {
        let fields = ["attemptId": question.attemptId, "campaignId": question.campaignId.hex, "contactId": question.contactId.hex]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(fields)) ?? Data("{}".utf8))
    }

    private struct Answer: Decodable {
        var eligible: Bool
        var reason: String?
    }
}

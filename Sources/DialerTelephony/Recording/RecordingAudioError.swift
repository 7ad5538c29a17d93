/// Why a recording's audio could not be opened. Messages name the provider, the recording and the
/// provider's status and error code; never a credential, a credential-bearing header or a request URL.
public enum RecordingAudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider has no such recording, or we cannot tell where its audio is.
    case notFound(String)
    /// The recording's provider is not configured in this deployment.
    case providerNotConfigured(String)
    /// The provider answered, but not with the audio: it refused our credentials, or failed.
    case providerFailed(String)
    /// No answer from the provider: unreachable, or the connection broke.
    case providerUnreachable(String)
    /// The provider did not answer in time.
    case providerTimedOut(String)
    /// The caller went away before the provider answered.
    case cancelled

    /// The status an HTTP route answers with: 404 when there is nothing to fetch, 502 when the
    /// provider, not the client, is at fault, 504 when it did not answer in time.
    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .providerNotConfigured, .providerFailed: 502
        case .providerUnreachable: 502
        case .providerTimedOut: 504
        // Nobody reads it: the client is gone. nginx's code for that, for access logs.
        case .cancelled: 499
        }
    }

    public var message: String {
        switch self {
        case .notFound(let m), .providerNotConfigured(let m), .providerFailed(let m), .providerUnreachable(let m),
            .providerTimedOut(let m):
            m
        case .cancelled: "cancelled"
        }
    }

    public var description: String {
        switch self {
        case .notFound(let m): "recording audio not found: \(m)"
        case .providerNotConfigured(let m): "recording provider not configured: \(m)"
        case .providerFailed(let m): "recording provider failed: \(m)"
        case .providerUnreachable(let m): "recording provider unreachable: \(m)"
        case .providerTimedOut(let m): "recording provider timed out: \(m)"
        case .cancelled: "recording audio request cancelled"
        }
    }
}

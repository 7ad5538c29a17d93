import DialerHTTP

/// Opens a stored recording's audio at the provider that holds it, with the account's credentials,
/// as a stream to pass on. The operator API's audio route depends on this role only.
public protocol RecordingAudioSource: Sendable {
    /// Returns once the provider has answered with the audio's head; the bytes follow through
    /// `RecordingAudio.body`. `format` is a preference: Twilio serves either, ElevenLabs and Bland
    /// serve the one they have, and `contentType` says which came.
    func openAudio(_ locator: RecordingLocator, format: RecordingAudioFormat) async throws(RecordingAudioError) -> RecordingAudio
}

/// A recording's audio as the provider sends it.
public struct RecordingAudio: Sendable {
    /// The provider's Content-Type, or the format's when it sent none.
    public var contentType: String
    /// The provider's Content-Length, when it sent one.
    public var contentLength: Int?
    /// Read it once; cancelling the reader (the client went away) aborts the download.
    public var body: HTTPBodyStream

    public init(contentType: String, contentLength: Int?, body: HTTPBodyStream) {
        self.contentType = contentType
        self.contentLength = contentLength
        self.body = body
    }
}

public enum RecordingAudioFormat: String, Sendable, CaseIterable {
    case mp3
    case wav

    /// What Twilio answers for its media file of this format.
    public var contentType: String {
        switch self {
        case .mp3: "audio/mpeg"
        case .wav: "audio/x-wav"
        }
    }
}

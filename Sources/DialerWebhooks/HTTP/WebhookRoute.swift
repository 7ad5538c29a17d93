import DialerTelephony

/// The five callback endpoints. Their paths are the ones `CallbackURLs` hands to providers.
public enum WebhookRoute: String, Sendable, CaseIterable {
    case twilioStatus, twilioRecording, twilioAMD, elevenLabs, bland

    public var path: String {
        switch self {
        case .twilioStatus: CallbackURLs.twilioStatusPath
        case .twilioRecording: CallbackURLs.twilioRecordingPath
        case .twilioAMD: CallbackURLs.twilioAMDPath
        case .elevenLabs: CallbackURLs.elevenLabsPath
        case .bland: CallbackURLs.blandPath
        }
    }

    var isTwilio: Bool { self == .twilioStatus || self == .twilioRecording || self == .twilioAMD }
}

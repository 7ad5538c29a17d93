import DialerCore

/// Where a recording's audio lives, and so which account's credentials fetch it.
public enum RecordingLocator: Sendable, Equatable {
    /// A Twilio Recording resource (RE…) on our Twilio account, ElevenLabs' integration calls included.
    case twilio(recordingSid: String)
    /// An ElevenLabs conversation's audio.
    case elevenLabs(conversationId: String)
    /// The recording URL Bland's webhook gave.
    case bland(url: String)

    /// The one rule that picks where a stored recording's audio is. A Twilio Recording SID names a
    /// Twilio recording whatever route placed the call. Otherwise the call says: a Bland recording
    /// (stored under Bland's `call_id`) has the webhook's URL, and an ElevenLabs call its conversation.
    /// nil when neither tells where the audio is.
    public init?(recording: Recording, call: Call?) {
        if Self.isTwilioRecordingSid(recording.recordingSid) {
            self = .twilio(recordingSid: recording.recordingSid)
            return
        }
        guard let call, let located = RecordingLocator(call: call, recordingURL: recording.url) else { return nil }
        self = located
    }

    /// A call's own audio, when no recording document names it: ElevenLabs' conversation, Bland's
    /// recording URL, or the Twilio recording in the call's `RecordingUrl`.
    public init?(call: Call) {
        self.init(call: call, recordingURL: call.recordingUrl)
    }

    private init?(call: Call, recordingURL: String?) {
        switch call.provider {
        case .elevenLabs:
            guard let conversationId = call.conversationId, !conversationId.isEmpty else { return nil }
            self = .elevenLabs(conversationId: conversationId)
        case .bland:
            guard let url = recordingURL ?? call.recordingUrl, !url.isEmpty else { return nil }
            self = .bland(url: url)
        case .twilio, .unknown:
            // Twilio's RecordingUrl is the recording's URI without an extension: …/Recordings/RE….
            let lastComponent = recordingURL?.split(separator: "/").last.map(String.init) ?? ""
            guard Self.isTwilioRecordingSid(lastComponent) else { return nil }
            self = .twilio(recordingSid: lastComponent)
        }
    }

    /// RE and 32 hex digits, as Twilio's specification patterns it.
    public static func isTwilioRecordingSid(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return utf8.count == 34 && text.hasPrefix("RE") && utf8.dropFirst(2).allSatisfy { $0.isHexDigit }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}

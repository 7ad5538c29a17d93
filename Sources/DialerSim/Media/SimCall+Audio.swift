extension SimCall {
    /// The seconds of audio this call's recording holds by `now`, or nil when it has none (yet):
    /// the rule each provider's media route and its callbacks agree on.
    func recordedSeconds(at now: Duration) -> Int? {
        guard let ending = ending(by: now) else { return nil }
        switch route {
        case .twilio:
            // The recording exists once its status callback would say so.
            guard twilio.record, ending.status == .completed, time(of: { $0 == .recordingReady }, by: now) != nil else { return nil }
        case .elevenLabs:
            // As the conversation's `has_audio`.
            guard conversationStatus(at: now) == "done" else { return nil }
        case .bland:
            // As the webhook's `recording_url`.
            guard bland?.record == true, ending.status == .completed else { return nil }
        }
        return ending.durationSeconds
    }
}

extension SimCallBook {
    func call(recordingSid: String) -> (SimCall, Duration)? {
        all().0.first { $0.recordingSid == recordingSid }.map { ($0, now) }
    }
}

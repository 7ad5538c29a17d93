/// A contact's call reached a verdict: what the engine tells whoever mirrors results elsewhere
/// (a Google Sheet, a CSV file). Defined here so the engine never imports the sheet code.
public struct CallResultEvent: Sendable, Equatable {
    public var campaignId: ObjectId
    public var contactId: ObjectId
    /// The ended call: its status, duration, attempt number and callSid (for the transcript).
    public var call: Call
    /// The contact's dialing state after the verdict: completed, failed or retry.
    public var state: DialState
    /// `lastCallResult`, e.g. completed-human, busy, failed-21211.
    public var result: String

    public init(campaignId: ObjectId, contactId: ObjectId, call: Call, state: DialState, result: String) {
        self.campaignId = campaignId
        self.contactId = contactId
        self.call = call
        self.state = state
        self.result = result
    }
}

/// Receives call results. `callResulted` must return at once (enqueue only): the engine calls it
/// on the call-end path, and dialing must never wait on a spreadsheet.
public protocol CallResultSink: Sendable {
    func callResulted(_ event: CallResultEvent)
}

/// A call's transcript summary arrived after the call's end had been reported: the report read
/// no summary then, so the summary travels on its own.
public struct CallSummaryEvent: Sendable, Equatable {
    public var campaignId: ObjectId
    public var contactId: ObjectId
    /// The call's attempt number: a summary of an attempt the contact has since moved past is
    /// not the row's any more.
    public var attempt: Int
    public var summary: String

    public init(campaignId: ObjectId, contactId: ObjectId, attempt: Int, summary: String) {
        self.campaignId = campaignId
        self.contactId = contactId
        self.attempt = attempt
        self.summary = summary
    }
}

/// Receives late summaries from the webhook server. Like `callResulted`, `summaryArrived` only
/// enqueues: a provider's callback must not wait on a spreadsheet.
public protocol CallSummarySink: Sendable {
    func summaryArrived(_ event: CallSummaryEvent)
}

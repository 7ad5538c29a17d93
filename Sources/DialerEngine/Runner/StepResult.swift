import Foundation

/// What one step of a campaign runner did, and when the next may run.
public enum StepResult: Sendable, Equatable {
    /// An attempt was admitted and sent to the provider.
    case placed(attemptId: String)
    /// Nothing to do before `until` (pacing, a retry, a window opening, a provider back-off).
    case wait(until: Date)
    /// At the concurrency limit, or only live calls remain: a call end wakes the runner;
    /// `until` is the fallback re-check.
    case waitForCalls(until: Date)
    case finished(RunEnd)
}

public enum RunEnd: Sendable, Equatable {
    /// Nothing pending, due, or live: the campaign is done.
    case completed
    /// Paused, stopped, or the lease was lost: this instance must not dial it.
    case notDialable
}

import DialerCore
import DialerStore
import Foundation

/// What an ended call means for its contact and for the campaign's stats.
public struct CallVerdict: Sendable, Equatable {
    public var outcome: DialOutcome
    public var stats: StatsDelta
    public var result: String
}

public enum OutcomePolicy {
    /// The provider accepted a call under an id another attempt already holds (see `CampaignRunner`).
    public static let providerIdConflict = "provider-id-conflict"

    /// The reconciler could not learn what became of the call (see `Reconciler.giveUpAfter`).
    public static let unreconcilable = "unreconcilable"

    /// Error codes that no retry can fix: Twilio's invalid or unreachable numbers, and a call that
    /// may have been dialed but cannot be followed, which a retry could dial twice.
    static let permanentErrorCodes: Set<String> = [
        "21211", "21214", "21215", "21216", "21217", "13224", "13223", providerIdConflict, unreconcilable
    ]

    /// - Parameter zoneKey: the callee's time zone, asked for only when a retry must be placed in
    ///   its calling window. Most calls end reached or out of attempts, and for them the lookup
    ///   (a store read) is saved.
    public nonisolated(nonsending) static func verdict(
        for call: Call, schedule: RetrySchedule, now: Date, zoneKey: nonisolated(nonsending) () async throws -> String?
    ) async rethrows -> CallVerdict {
        let stats = stats(for: call)
        let result = resultName(call)
        let reached =
            switch call.status {
            case .completed: isMachine(call.answeredBy) ? schedule.settings.machinePolicy == .complete : true
            default: false
            }
        if reached { return CallVerdict(outcome: DialOutcome(state: .completed, lastCallResult: result), stats: stats, result: result) }
        let permanent = call.errorCode.map(permanentErrorCodes.contains) ?? false
        guard !permanent, schedule.hasAttemptsLeft(after: call.attempt) else {
            return CallVerdict(outcome: DialOutcome(state: .failed, lastCallResult: result), stats: stats, result: result)
        }
        let next = schedule.nextAttempt(after: call.attempt, endedAt: now, zoneKey: try await zoneKey())
        return CallVerdict(outcome: DialOutcome(state: .retry, nextAttemptAt: next, lastCallResult: result), stats: stats, result: result)
    }

    /// What an ended call adds to the campaign's stats; the recount at completion sums the same.
    public static func stats(for call: Call) -> StatsDelta {
        var stats = StatsDelta()
        if call.status == .completed {
            stats.callsCompleted = 1
            stats.duration = call.duration
            if !isMachine(call.answeredBy) { stats.callsAnswered = 1 }
        } else {
            stats.callsFailed = 1
        }
        return stats
    }

    public static func isMachine(_ answeredBy: String?) -> Bool {
        guard let answeredBy else { return false }
        return answeredBy.hasPrefix("machine") || answeredBy == "fax"
    }

    /// `lastCallResult`: the status, refined by who answered.
    static func resultName(_ call: Call) -> String {
        if call.status == .completed, let answeredBy = call.answeredBy, answeredBy != "unknown" {
            return isMachine(answeredBy) ? "completed-machine" : "completed-\(answeredBy)"
        }
        if let code = call.errorCode, call.status == .failed { return "failed-\(code)" }
        return call.status.rawValue
    }
}

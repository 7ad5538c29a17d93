import DialerCore
import Foundation

public enum SimRoute: String, Sendable, Codable {
    case twilio
    case elevenLabs = "elevenlabs"
    case bland
}

/// One step of a call's life. `ended` carries the billable seconds it settles on.
enum PlayoutStep: Sendable, Equatable {
    case initiated
    case ringing
    /// `answeredBy` is set when AMD runs synchronously (MachineDetection without AsyncAmd).
    case answered(answeredBy: String?)
    case amdResult(String)
    case ended(CallStatus, durationSeconds: Int)
    case recordingReady
    /// ElevenLabs' post-call analysis or Bland's webhook.
    case postCall
}

struct TimelineEntry: Sendable, Equatable {
    var at: Duration
    var step: PlayoutStep
}

/// What Twilio was asked for on create.
struct TwilioCallOptions: Sendable {
    var statusCallback: String?
    var statusCallbackMethod: String = "POST"
    var events: Set<String> = ["completed"]
    var machineDetection: String?
    var asyncAmd = false
    var amdCallback: String?
    var amdCallbackMethod: String = "POST"
    var record = false
    var recordingCallback: String?
    var recordingCallbackMethod: String = "POST"
    var ringTimeoutSeconds: Double = 60
    var timeLimitSeconds: Double?
}

struct ElevenLabsLink: Sendable {
    var conversationId: String
    var agentId: String
    var phoneNumberId: String
    var dynamicVariables: [String: JSONValue]
    var firstMessage: String?
    var prompt: String?
}

struct BlandLink: Sendable {
    var callId: String
    var webhook: String?
    var metadata: JSONValue
    var requestData: JSONValue
    var task: String?
    var pathwayId: String?
    var firstSentence: String?
    var answeredByEnabled: Bool
    var record: Bool
    var maxDurationMinutes: Double?
}

struct SimCall: Sendable {
    let sid: String
    let route: SimRoute
    let to: String
    let from: String
    let createdAt: Duration
    let dispatchAt: Duration
    let outcome: SimOutcome
    /// Raised whenever an API request rewrites the timeline, so a superseded playout stops.
    var generation = 0
    var timeline: [TimelineEntry]
    /// How many callbacks went out, for Twilio's SequenceNumber.
    var sequenceNumber = 0
    var twilio: TwilioCallOptions
    var elevenLabs: ElevenLabsLink?
    var bland: BlandLink?
    let recordingSid: String
    let streamSid: String

    /// Entries that have happened by `now`.
    func past(at now: Duration) -> [TimelineEntry] { timeline.filter { $0.at <= now } }

    func status(at now: Duration) -> CallStatus {
        var status: CallStatus = .queued
        for entry in past(at: now) {
            switch entry.step {
            case .initiated: status = .initiated
            case .ringing: status = .ringing
            case .answered: status = .inProgress
            case .ended(let final, _): status = final
            case .amdResult, .recordingReady, .postCall: break
            }
        }
        return status
    }

    func time(of predicate: (PlayoutStep) -> Bool, by now: Duration) -> Duration? {
        past(at: now).first { predicate($0.step) }?.at
    }

    func ending(by now: Duration) -> (status: CallStatus, durationSeconds: Int, at: Duration)? {
        for entry in past(at: now) {
            if case .ended(let status, let seconds) = entry.step { return (status, seconds, entry.at) }
        }
        return nil
    }

    func answeredBy(by now: Duration) -> String? {
        var result: String?
        for entry in past(at: now) {
            switch entry.step {
            case .answered(let by): result = by ?? result
            case .amdResult(let by): result = by
            default: break
            }
        }
        return result
    }

    func answeredAt(by now: Duration) -> Duration? {
        time(of: { if case .answered = $0 { true } else { false } }, by: now)
    }

    func hasPostCall(by now: Duration) -> Bool {
        time(of: { $0 == .postCall }, by: now) != nil
    }

    /// ElevenLabs' conversation status for this call.
    func conversationStatus(at now: Duration) -> String {
        let status = status(at: now)
        switch status {
        case .queued, .initiated, .ringing: return "initiated"
        case .inProgress: return "in-progress"
        case .completed: return hasPostCall(by: now) ? "done" : "processing"
        default: return "failed"
        }
    }
}

/// A call as tests see it.
public struct SimCallView: Sendable, Equatable {
    public var sid: String
    public var route: SimRoute
    public var to: String
    public var from: String
    public var status: CallStatus
    public var outcome: SimOutcome
    public var createdAt: Date
    /// When the call leaves the CPS queue, on the simulator's clock.
    public var dispatchAt: Duration
    public var startTime: Date?
    public var endTime: Date?
    public var durationSeconds: Int?
    public var answeredBy: String?
    public var conversationId: String?
    public var conversationStatus: String?
    public var blandCallId: String?
    /// The Twilio Recording SID the call's recording has, or will have if it is recorded.
    public var recordingSid: String
    public var callbacksSent: Int
}

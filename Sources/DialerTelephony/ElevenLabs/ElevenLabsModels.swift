import DialerCore
import Foundation

/// POST /v1/convai/twilio/outbound-call body.
struct ElevenLabsOutboundCallBody: Encodable {
    var agentId: String
    var agentPhoneNumberId: String
    var toNumber: String
    var conversationInitiationClientData: ClientData

    struct ClientData: Encodable {
        var dynamicVariables: [String: JSONValue]
        var conversationConfigOverride: ConfigOverride?

        enum CodingKeys: String, CodingKey {
            case dynamicVariables = "dynamic_variables"
            case conversationConfigOverride = "conversation_config_override"
        }
    }

    struct ConfigOverride: Encodable {
        var agent: AgentOverride
    }

    struct AgentOverride: Encodable {
        var firstMessage: String?
        var prompt: PromptOverride?

        enum CodingKeys: String, CodingKey {
            case firstMessage = "first_message"
            case prompt
        }
    }

    struct PromptOverride: Encodable {
        var prompt: String
    }

    enum CodingKeys: String, CodingKey {
        case agentId = "agent_id"
        case agentPhoneNumberId = "agent_phone_number_id"
        case toNumber = "to_number"
        case conversationInitiationClientData = "conversation_initiation_client_data"
    }
}

/// TwilioOutboundCallResponse.
struct ElevenLabsOutboundCallResponse: Decodable {
    var success: Bool
    var message: String?
    var conversationId: String?
    var callSid: String?

    enum CodingKeys: String, CodingKey {
        case success, message, callSid
        case conversationId = "conversation_id"
    }
}

/// The parts of GetConversationResponseModel that reconciliation reads.
public struct ElevenLabsConversation: Decodable, Sendable, Equatable {
    public var agentId: String?
    public var conversationId: String
    /// initiated, in-progress, processing, done, failed.
    public var status: String
    public var metadata: Metadata?
    public var clientData: ClientData?

    public struct Metadata: Decodable, Sendable, Equatable {
        public var startTimeUnixSecs: Int?
        public var callDurationSecs: Int?
        public var terminationReason: String?
        public var phoneCall: PhoneCall?

        enum CodingKeys: String, CodingKey {
            case startTimeUnixSecs = "start_time_unix_secs"
            case callDurationSecs = "call_duration_secs"
            case terminationReason = "termination_reason"
            case phoneCall = "phone_call"
        }
    }

    public struct PhoneCall: Decodable, Sendable, Equatable {
        public var type: String?
        public var direction: String?
        public var agentNumber: String?
        public var externalNumber: String?
        public var callSid: String?

        enum CodingKeys: String, CodingKey {
            case type, direction
            case agentNumber = "agent_number"
            case externalNumber = "external_number"
            case callSid = "call_sid"
        }
    }

    public struct ClientData: Decodable, Sendable, Equatable {
        public var dynamicVariables: [String: JSONValue]?

        enum CodingKeys: String, CodingKey {
            case dynamicVariables = "dynamic_variables"
        }
    }

    enum CodingKeys: String, CodingKey {
        case status, metadata
        case agentId = "agent_id"
        case conversationId = "conversation_id"
        case clientData = "conversation_initiation_client_data"
    }

    /// "processing" means the call is over and analysis is running; it stays non-terminal
    /// here so that the post-call webhook, which carries the transcript, settles it.
    public var callStatus: CallStatus {
        switch status {
        case "initiated": .initiated
        case "in-progress", "processing": .inProgress
        case "done": .completed
        case "failed": .failed
        default: .unknown(status)
        }
    }

    public var snapshot: ProviderCallSnapshot {
        let start = metadata?.startTimeUnixSecs.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        let duration = metadata?.callDurationSecs
        let end = callStatus.isTerminal ? both(start, duration).map { $0.addingTimeInterval(TimeInterval($1)) } : nil
        return ProviderCallSnapshot(
            ids: ProviderCallIds(callSid: metadata?.phoneCall?.callSid, conversationId: conversationId),
            status: callStatus, to: metadata?.phoneCall?.externalNumber, from: metadata?.phoneCall?.agentNumber,
            createdAt: start, startTime: start, endTime: end, duration: duration,
            attemptId: clientData?.dynamicVariables?[ElevenLabsCallProvider.attemptIdVariable]?.stringValue)
    }
}

private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// GetConversationsPageResponseModel.
struct ElevenLabsConversationPage: Decodable {
    var conversations: [Summary]
    var nextCursor: String?
    var hasMore: Bool?

    struct Summary: Decodable {
        var conversationId: String
        var startTimeUnixSecs: Int?
        var direction: String?

        enum CodingKeys: String, CodingKey {
            case direction
            case conversationId = "conversation_id"
            case startTimeUnixSecs = "start_time_unix_secs"
        }
    }

    enum CodingKeys: String, CodingKey {
        case conversations
        case nextCursor = "next_cursor"
        case hasMore = "has_more"
    }
}

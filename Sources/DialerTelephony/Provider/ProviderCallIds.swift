/// The identifiers a provider hands back. Which ones are set depends on the route:
/// Twilio gives `callSid`; ElevenLabs gives `conversationId` and usually `callSid`;
/// Bland gives `providerCallId`.
public struct ProviderCallIds: Sendable, Hashable, Codable, CustomStringConvertible {
    public var callSid: String?
    public var conversationId: String?
    public var providerCallId: String?

    public init(callSid: String? = nil, conversationId: String? = nil, providerCallId: String? = nil) {
        self.callSid = callSid
        self.conversationId = conversationId
        self.providerCallId = providerCallId
    }

    public var isEmpty: Bool { callSid == nil && conversationId == nil && providerCallId == nil }

    public var description: String {
        [
            callSid.map { "callSid=\($0)" }, conversationId.map { "conversationId=\($0)" },
            providerCallId.map { "providerCallId=\($0)" }
        ].compactMap { $0 }.joined(separator: " ")
    }
}

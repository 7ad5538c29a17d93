import DialerCore
import DialerHTTP
import Foundation

/// ElevenLabs' Twilio outbound-call route. ElevenLabs creates the Twilio call in our Twilio
/// account, so when a `TwilioCallProvider` for that account is given, hang-up and
/// reconciliation can also go straight to Twilio by the returned callSid.
public struct ElevenLabsCallProvider: CallProvider {
    /// The dynamic variable that carries our attempt id into the conversation and back
    /// out in post-call webhooks.
    public static let attemptIdVariable = CallVariables.attemptId

    public let kind: ProviderKind = .elevenLabs
    public let configuration: ElevenLabsConfiguration
    private let http: any HTTPClient
    private let limiter: any CallRateLimiter
    private let twilio: TwilioCallProvider?

    public init(
        configuration: ElevenLabsConfiguration, http: any HTTPClient, limiter: any CallRateLimiter,
        twilio: TwilioCallProvider? = nil
    ) {
        self.configuration = configuration
        self.http = http
        self.limiter = limiter
        self.twilio = twilio
    }

    public func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        guard let agentId = request.agentId ?? configuration.defaultAgentId else {
            throw .accountLevel(scope: .campaign, code: "missing-agent", message: "an ElevenLabs call needs an agent id")
        }
        guard let phoneNumberId = request.agentPhoneNumberId ?? configuration.defaultAgentPhoneNumberId else {
            throw .accountLevel(
                scope: .campaign, code: "missing-agent-phone-number",
                message: "an ElevenLabs call needs an agent phone number id")
        }
        let body = ElevenLabsOutboundCallBody(
            agentId: agentId, agentPhoneNumberId: phoneNumberId, toNumber: request.to,
            conversationInitiationClientData: .init(
                dynamicVariables: Self.dynamicVariables(for: request),
                conversationConfigOverride: Self.override(for: request)))
        let encoded = Self.encode(body)
        try await ProviderRateLimit.acquire(limiter)
        let response = try await send(method: "POST", path: "/v1/convai/twilio/outbound-call", body: encoded, idempotent: false)
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response, creating: true) }
        guard let answer = try? JSONDecoder().decode(ElevenLabsOutboundCallResponse.self, from: Data(response.body)) else {
            throw .outcomeUnknown(message: "ElevenLabs answered \(response.status) with an unreadable body: \(ProviderHTTP.snippet(response.body))")
        }
        guard answer.success else {
            throw .permanent(code: "elevenlabs-call-rejected", message: answer.message ?? "ElevenLabs did not start the call")
        }
        guard answer.conversationId != nil || answer.callSid != nil else {
            throw .outcomeUnknown(message: "ElevenLabs reported success without a conversation id or callSid")
        }
        return PlacedCall(ids: ProviderCallIds(callSid: answer.callSid, conversationId: answer.conversationId), status: .initiated)
    }

    /// ElevenLabs' API has no hang-up for Twilio calls; the Twilio account it dials from does,
    /// by the callSid ElevenLabs returned.
    public func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        guard let twilio else {
            throw .permanent(
                code: "no-twilio-account",
                message: "ElevenLabs places its calls on your Twilio account, and only that account can "
                    + "end one: configure twilioAccountSid with its auth token or API key")
        }
        guard let callSid = ids.callSid else {
            throw .permanent(code: "missing-call-sid", message: "ElevenLabs returned no callSid for this call, so Twilio cannot be asked to end it")
        }
        try await twilio.endCall(ProviderCallIds(callSid: callSid), mode: mode)
    }

    public func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? {
        var snapshot: ProviderCallSnapshot?
        if let conversationId = ids.conversationId {
            snapshot = try await fetchConversation(conversationId)?.snapshot
        }
        // Twilio knows busy and no-answer, which a conversation only reports as failed.
        let callSid = snapshot?.ids.callSid ?? ids.callSid
        if let twilio, let callSid, !(snapshot?.status == .completed) {
            if let call = try await twilio.fetchCall(ProviderCallIds(callSid: callSid)) {
                guard var merged = snapshot else {
                    var fromTwilio = call
                    fromTwilio.ids.conversationId = ids.conversationId
                    return fromTwilio
                }
                if call.status.rank > merged.status.rank || (call.status.isTerminal && merged.status == .failed) {
                    merged.status = call.status
                }
                merged.ids.callSid = callSid
                merged.answeredBy = merged.answeredBy ?? call.answeredBy
                merged.price = call.price
                merged.priceUnit = call.priceUnit
                merged.endTime = merged.endTime ?? call.endTime
                return merged
            }
        }
        return snapshot
    }

    public func fetchConversation(_ conversationId: String) async throws(ProviderError) -> ElevenLabsConversation? {
        let response = try await send(
            method: "GET", path: "/v1/convai/conversations/\(FormURLEncoding.escape(conversationId))",
            body: nil, idempotent: true)
        if response.status == 404 { return nil }
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
        return try ProviderHTTP.decode(ElevenLabsConversation.self, response, what: "ElevenLabs conversation")
    }

    /// Lists the agent's conversations in the window and keeps those to `search.to`; each
    /// candidate is fetched because the listing carries no phone numbers. Without an agent id,
    /// falls back to the Twilio account's call list.
    public func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] {
        guard let agentId = search.agentId ?? configuration.defaultAgentId else {
            guard let twilio else {
                throw .permanent(code: "unsupported", message: "searching ElevenLabs calls needs an agent id or the Twilio account")
            }
            return try await twilio.findCalls(search)
        }
        var found: [ProviderCallSnapshot] = []
        var cursor: String?
        var inspected = 0
        repeat {
            var query: [(String, String)] = [
                ("agent_id", agentId),
                ("call_start_after_unix", String(Int(search.startedAfter.timeIntervalSince1970.rounded(.down)) - 1)),
                ("page_size", String(min(100, max(1, configuration.conversationPageSize))))
            ]
            if let before = search.startedBefore {
                query.append(("call_start_before_unix", String(Int(before.timeIntervalSince1970.rounded(.up)) + 1)))
            }
            if let cursor { query.append(("cursor", cursor)) }
            let response = try await send(
                method: "GET", path: "/v1/convai/conversations?" + FormURLEncoding.encode(query),
                body: nil, idempotent: true)
            guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
            let page = try ProviderHTTP.decode(ElevenLabsConversationPage.self, response, what: "conversation list")
            for summary in page.conversations where summary.direction != "inbound" && inspected < search.limit {
                inspected += 1
                if let conversation = try await fetchConversation(summary.conversationId),
                    conversation.metadata?.phoneCall?.externalNumber == search.to
                {
                    found.append(conversation.snapshot)
                }
            }
            cursor = page.hasMore == true ? page.nextCursor : nil
        } while cursor != nil && inspected < search.limit
        return found
    }

    /// Every contact field and custom field, and the call's ids (see `CallVariables`).
    static func dynamicVariables(for request: PlaceCallRequest) -> [String: JSONValue] { CallVariables.values(for: request) }

    /// The campaign's `settings.elevenLabs` win over its top-level `firstMessage` and `prompt`;
    /// nothing is overridden when neither is set, so agents closed to overrides keep working.
    static func override(for request: PlaceCallRequest) -> ElevenLabsOutboundCallBody.ConfigOverride? {
        let firstMessage = request.elevenLabs?.firstMessage ?? request.firstMessage
        let prompt = request.elevenLabs?.prompt ?? request.prompt
        guard prompt != nil || firstMessage != nil else { return nil }
        return .init(agent: .init(firstMessage: firstMessage, prompt: prompt.map { .init(prompt: $0) }))
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    private func send(method: String, path: String, body: [UInt8]?, idempotent: Bool) async throws(ProviderError) -> HTTPResponse {
        var headers = [HTTPHeader("Accept", "application/json"), HTTPHeader("xi-api-key", configuration.apiKey)]
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        let request = HTTPRequest(
            method: method, url: configuration.baseURL + path, headers: headers, body: body,
            connectTimeout: configuration.connectTimeout, totalTimeout: configuration.requestTimeout)
        return try await ProviderHTTP.send(http, request, idempotent: idempotent)
    }

    /// ElevenLabs errors carry `detail`: an object {status, message} or FastAPI's list of
    /// {loc, msg, type}.
    static func error(from response: HTTPResponse, creating: Bool = false) -> ProviderError {
        var code: String?
        var message = "HTTP \(response.status): \(ProviderHTTP.snippet(response.body))"
        if let body = try? JSONDecoder().decode([String: JSONValue].self, from: Data(response.body)) {
            switch body["detail"] {
            case .object(let detail)?:
                code = detail["status"]?.stringValue
                message = detail["message"]?.stringValue ?? message
            case .array(let items)?:
                let parts = items.compactMap { item -> String? in
                    guard case .object(let fields) = item else { return nil }
                    let location: String
                    if case .array(let loc)? = fields["loc"] {
                        location = loc.compactMap(\.stringValue).joined(separator: ".")
                    } else {
                        location = ""
                    }
                    return "\(location): \(fields["msg"]?.stringValue ?? "invalid")"
                }
                code = "validation-error"
                message = parts.joined(separator: "; ")
            case .string(let text)?:
                message = text
            default:
                break
            }
        }
        let scope = AccountErrors.elevenLabs(
            status: response.status, detailStatus: code == "validation-error" ? nil : code, creating: creating)
        return ProviderHTTP.statusError(
            status: response.status, providerCode: code, message: message,
            retryAfterHeader: response.header("Retry-After"), creating: creating, accountScope: scope)
    }
}

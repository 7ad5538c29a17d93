import DialerCore
import Foundation

/// An in-memory provider for engine tests: scripted outcomes, recorded requests, and a call
/// table that `fetchCall`/`findCalls` answer from, so reconciliation paths can be exercised.
public actor FakeCallProvider: CallProvider {
    public enum Outcome: Sendable, Equatable {
        /// The provider accepts the call with this initial status.
        case placed(CallStatus)
        /// The request fails and no call exists.
        case fail(ProviderError)
        /// The provider creates the call but the answer is lost: the caller sees
        /// `.outcomeUnknown`, while fetch and find see the call.
        case placedButAnswerLost(CallStatus)
    }

    public nonisolated let kind: ProviderKind
    public private(set) var placeRequests: [PlaceCallRequest] = []
    public private(set) var endRequests: [(ids: ProviderCallIds, mode: EndCallMode)] = []
    public private(set) var fetchRequests: [ProviderCallIds] = []
    public private(set) var searches: [CallSearch] = []
    /// Calls the fake "provider" holds, in creation order.
    public private(set) var calls: [ProviderCallSnapshot] = []

    private var script: [Outcome] = []
    private var defaultOutcome: Outcome
    private var fetchError: ProviderError?
    private var findError: ProviderError?
    private var endError: ProviderError?
    private var counter = 0
    private var reusingIds = false
    private let now: @Sendable () -> Date

    public init(
        kind: ProviderKind = .twilio, defaultOutcome: Outcome = .placed(.queued),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.kind = kind
        self.defaultOutcome = defaultOutcome
        self.now = now
    }

    /// Outcomes for the next `placeCall`s, in order; afterwards the default applies.
    public func enqueue(_ outcomes: Outcome...) { script.append(contentsOf: outcomes) }
    public func setDefaultOutcome(_ outcome: Outcome) { defaultOutcome = outcome }
    public func failFetches(with error: ProviderError?) { fetchError = error }
    public func failSearches(with error: ProviderError?) { findError = error }
    public func failEnds(with error: ProviderError?) { endError = error }
    /// From now on, accepted calls get the ids of the last call accepted, as a faulty provider might.
    public func reuseIdsForTest() { reusingIds = true }

    /// Moves a held call on, as the provider would; returns false if no such call.
    @discardableResult
    public func setStatus(_ status: CallStatus, attemptId: String, answeredBy: String? = nil, duration: Int? = nil) -> Bool {
        guard let index = calls.firstIndex(where: { $0.attemptId == attemptId }) else { return false }
        calls[index].status = status
        if let answeredBy { calls[index].answeredBy = answeredBy }
        if let duration { calls[index].duration = duration }
        if status.isTerminal { calls[index].endTime = now() }
        return true
    }

    public func call(attemptId: String) -> ProviderCallSnapshot? { calls.first { $0.attemptId == attemptId } }

    /// Drops a held call, as if its create request had never reached the provider.
    public func forgetForTest(attemptId: String) { calls.removeAll { $0.attemptId == attemptId } }

    public func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        placeRequests.append(request)
        let outcome = script.isEmpty ? defaultOutcome : script.removeFirst()
        switch outcome {
        case .fail(let error):
            throw error
        case .placed(let status):
            return PlacedCall(ids: hold(request, status: status), status: status)
        case .placedButAnswerLost(let status):
            _ = hold(request, status: status)
            throw .outcomeUnknown(message: "fake: the create response was lost")
        }
    }

    public func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        endRequests.append((ids, mode))
        if let endError { throw endError }
        guard let index = index(of: ids) else { throw .permanent(code: "not-found", message: "fake: no such call") }
        let status = calls[index].status
        switch mode {
        case .cancel where status.rank < CallStatus.inProgress.rank: calls[index].status = .canceled
        case .hangUp where !status.isTerminal: calls[index].status = status == .inProgress ? .completed : .canceled
        default: break
        }
    }

    public func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? {
        fetchRequests.append(ids)
        if let fetchError { throw fetchError }
        return index(of: ids).map { calls[$0] }
    }

    public func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] {
        searches.append(search)
        if let findError { throw findError }
        return calls.filter { call in
            guard call.to == search.to, let created = call.createdAt else { return false }
            return created >= search.startedAfter && search.startedBefore.map { created <= $0 } != false
        }.prefix(search.limit).map { $0 }
    }

    private func hold(_ request: PlaceCallRequest, status: CallStatus) -> ProviderCallIds {
        if !reusingIds || counter == 0 { counter += 1 }
        let serial = String(counter)
        let padded = String(repeating: "0", count: max(0, 32 - serial.count)) + serial
        let ids: ProviderCallIds =
            switch kind {
            case .elevenLabs: ProviderCallIds(callSid: "CA" + padded, conversationId: "conv_fake_" + serial)
            case .bland: ProviderCallIds(providerCallId: "bland-fake-" + serial)
            default: ProviderCallIds(callSid: "CA" + padded)
            }
        calls.append(
            ProviderCallSnapshot(
                ids: ids, status: status, to: request.to, from: request.from,
                createdAt: now(), attemptId: request.attemptId))
        return ids
    }

    private func index(of ids: ProviderCallIds) -> Int? {
        calls.firstIndex { call in
            (ids.callSid != nil && call.ids.callSid == ids.callSid)
                || (ids.conversationId != nil && call.ids.conversationId == ids.conversationId)
                || (ids.providerCallId != nil && call.ids.providerCallId == ids.providerCallId)
        }
    }
}

import DialerCore
import DialerStore
import DialerTelephony
import Foundation

public enum OperationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCampaign(String)
    case invalidTransition(from: CampaignStatus, action: String)
    case invalidCampaign([ValidationIssue])

    public var description: String {
        switch self {
        case .unknownCampaign(let id): "no campaign with id \(id)"
        case .invalidTransition(let from, let action): "cannot \(action) a campaign that is \(from.rawValue)"
        case .invalidCampaign(let issues): "campaign is invalid: " + issues.map(\.description).joined(separator: "; ")
        }
    }
}

/// Operator actions. They act on the stored campaign only; every claim re-reads it, so no
/// in-memory flag can keep a paused campaign dialing.
public struct CampaignOperations: Sendable {
    private let store: any CampaignRecords & CallRecords
    private let providers: ProviderRegistry
    private let clock: any WallClock
    private let notify: @Sendable (ObjectId) async -> Void

    public init(
        store: any CampaignRecords & CallRecords, providers: ProviderRegistry, clock: any WallClock,
        notify: @escaping @Sendable (ObjectId) async -> Void = { _ in }
    ) {
        self.store = store
        self.providers = providers
        self.clock = clock
        self.notify = notify
    }

    @discardableResult
    public func start(_ id: ObjectId) async throws -> Campaign {
        let campaign = try await existing(id)
        let issues = campaign.validate()
        guard issues.isEmpty else { throw OperationError.invalidCampaign(issues) }
        let started = try await transition(id, from: [.draft, .paused], to: .active, action: "start")
        try await store.setCampaignSchedule(id: id, nextExecution: nil, lastExecuted: nil, now: clock.now.date)
        return started
    }

    @discardableResult
    public func pause(_ id: ObjectId) async throws -> Campaign { try await transition(id, from: [.active], to: .paused, action: "pause") }

    @discardableResult
    public func resume(_ id: ObjectId) async throws -> Campaign {
        let resumed = try await transition(id, from: [.paused], to: .active, action: "resume")
        try await store.setCampaignSchedule(id: id, nextExecution: nil, lastExecuted: nil, now: clock.now.date)
        return resumed
    }

    /// Cancels the campaign; with `hangUp`, every live call is ended through its provider.
    /// Returns the stopped campaign and how many live calls were hung up.
    @discardableResult
    public func stop(_ id: ObjectId, hangUp: Bool) async throws -> (Campaign, hungUp: Int) {
        let stopped = try await transition(id, from: [.draft, .active, .paused], to: .cancelled, action: "stop")
        guard hangUp else { return (stopped, 0) }
        var ended = 0
        // A cursor, not offsets: calls hung up on one page may end before the next is read.
        var cursor: ScanCursor?
        repeat {
            let live = try await store.listCalls(
                CallFilter(campaignId: id, statuses: CallStatus.nonTerminal, after: cursor),
                sort: .oldestFirst, page: PageRequest(offset: 0, limit: Self.hangUpPage))
            ended += await hangUpAll(live.items)
            let last = live.items.count == Self.hangUpPage ? live.items.last : nil
            cursor = last.flatMap { call in call.id.map { ScanCursor(time: call.createdAt, id: $0) } }
        } while cursor != nil
        return (stopped, ended)
    }

    static let hangUpPage = 500
    /// Hang-ups in flight at once: a page is ended in seconds, not one provider round trip after another.
    static let hangUpWidth = 8

    /// Ends `calls` through their providers; how many ended. A call without a provider id or
    /// route, or whose provider refuses, is left to the reconciler.
    private func hangUpAll(_ calls: [Call]) async -> Int {
        let requests = calls.compactMap { call -> (any CallProvider, ProviderCallIds)? in
            let ids = ProviderCallIds(callSid: call.callSid, conversationId: call.conversationId, providerCallId: call.providerCallId)
            guard !ids.isEmpty, let provider = providers.provider(for: call.provider) else { return nil }
            return (provider, ids)
        }
        return await withTaskGroup(of: Bool.self) { group in
            var ended = 0
            for (index, (provider, ids)) in requests.enumerated() {
                if index >= Self.hangUpWidth, await group.next() == true { ended += 1 }
                group.addTask {
                    do {
                        try await provider.endCall(ids, mode: .hangUp)
                        return true
                    } catch {
                        return false
                    }
                }
            }
            for await done in group where done { ended += 1 }
            return ended
        }
    }

    private func existing(_ id: ObjectId) async throws -> Campaign {
        guard let campaign = try await store.campaign(id: id) else { throw OperationError.unknownCampaign(id.hex) }
        return campaign
    }

    private func transition(_ id: ObjectId, from: [CampaignStatus], to: CampaignStatus, action: String) async throws -> Campaign {
        let now = clock.now.date
        if let moved = try await store.transitionCampaign(id: id, from: from, to: to, now: now) {
            await notify(id)
            return moved
        }
        let current = try await existing(id)
        throw OperationError.invalidTransition(from: current.status, action: action)
    }
}

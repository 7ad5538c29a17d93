import DialerCore
import DialerOperator
import Foundation
import Synchronization

/// An `OperatorBackend` that records each request the transport hands it, as one line such as
/// `pause 65f…`, and answers with fixed results, or with `failure` when a test sets one.
final class FakeOperatorBackend: OperatorBackend, Sendable {
    static let name = "fake-backend-1"
    static let now = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!

    let instanceId = FakeOperatorBackend.name
    private let state = Mutex<(calls: [String], failure: (any Error)?, progress: [[CampaignProgress]])>(([], nil, []))

    /// What the backend was asked, in order.
    var calls: [String] { state.withLock { $0.calls } }

    /// Every later request fails with `error` (nil: succeeds again).
    func fail(with error: (any Error)?) { state.withLock { $0.failure = error } }

    /// Answers of successive `progress` calls; the last one repeats.
    func script(progress: [[CampaignProgress]]) { state.withLock { $0.progress = progress } }

    private func record(_ call: String) throws {
        let failure: (any Error)? = state.withLock {
            $0.calls.append(call)
            return $0.failure
        }
        if let failure { throw failure }
    }

    static func summary(_ id: ObjectId, status: CampaignStatus = .active) -> CampaignSummary {
        var campaign = Campaign(name: "Fake \(id.hex.suffix(4))", status: status, settings: CampaignSettings(), now: now)
        campaign.id = id
        return CampaignSummary(campaign)
    }

    func listCampaigns(statuses: [CampaignStatus]?, limit: Int) async throws -> CampaignList {
        try record("list \(statuses.map { $0.map(\.rawValue).joined(separator: ",") } ?? "all") \(limit)")
        return CampaignList(campaigns: [], total: 0)
    }

    func campaignDetail(id: ObjectId) async throws -> CampaignDetail {
        try record("show \(id.hex)")
        return CampaignDetail(
            campaign: Self.summary(id), description: nil, callerId: nil, defaultTimeZone: nil, settings: CampaignSettings(),
            callingWindow: nil, stats: CampaignStats(), lastExecuted: nil, nextExecution: nil, lease: nil,
            inFlight: InFlightCalls(count: 0, calls: []), dialStates: [:],
            window: WindowState(open: true, nextOpening: nil, zones: [], rule: "us-tcpa (default)"),
            eta: ETAEstimate(remainingContacts: 0, seconds: 0, finishAt: Self.now, basis: "nothing left to call"), asOf: Self.now)
    }

    func start(id: ObjectId, by: String) async throws -> CampaignSummary {
        try record("start \(id.hex) by \(by)")
        return Self.summary(id)
    }

    func pause(id: ObjectId, by: String) async throws -> CampaignSummary {
        try record("pause \(id.hex) by \(by)")
        return Self.summary(id, status: .paused)
    }

    func resume(id: ObjectId, by: String) async throws -> CampaignSummary {
        try record("resume \(id.hex) by \(by)")
        return Self.summary(id)
    }

    func stop(id: ObjectId, hangUp: Bool, by: String) async throws -> StopResult {
        try record("stop \(id.hex) hangUp=\(hangUp) by \(by)")
        return StopResult(campaign: Self.summary(id, status: .cancelled), hungUp: 0)
    }

    func engineStatus() async throws -> EngineStatus {
        try record("engine.status")
        return EngineStatus(
            instanceId: instanceId, draining: false, leases: [], cps: CPSUsage(inUse: 0, cap: nil),
            database: DatabaseHealth(ok: true, latencyMs: 1, error: nil), asOf: Self.now)
    }

    func drain() async throws -> DrainResult {
        try record("drain")
        return DrainResult(draining: true, runningCampaigns: [], inFlightCalls: 0)
    }

    func progress(of id: ObjectId?) async throws -> [CampaignProgress] {
        try record("progress \(id?.hex ?? "all")")
        return state.withLock { state in
            guard let next = state.progress.first else { return [] }
            if state.progress.count > 1 { state.progress.removeFirst() }
            return next.filter { id == nil || $0.id == id?.hex }
        }
    }

    func importCampaign(_ bundle: CampaignBundle) async throws -> CampaignSummary {
        try record("import \(bundle.campaign.name) \(bundle.contacts.count)")
        return Self.summary(ObjectId(), status: bundle.campaign.status)
    }

    func addSuppressions(_ numbers: [String], reason: String?, by: String) async throws -> SuppressionReport {
        try record("suppress \(numbers.joined(separator: ",")) by \(by)")
        return SuppressionReport(added: numbers, alreadySuppressed: [], issues: [])
    }
}

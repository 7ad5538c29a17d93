import DialerCore
import Foundation

@testable import DialerTelephony

/// A carrier as the engine sees it through our provider clients: create requests that fail
/// before or after the call exists, answers that are lost, calls that play out and report back
/// through callbacks, and lookups for the reconciler. Errors are classified by the same code
/// the real clients use, so a wrong classification there shows up here.
final class SimProvider: CallProvider, @unchecked Sendable {
    struct HeldCall {
        var snapshot: ProviderCallSnapshot
        var campaignId: String
        var contactId: String
    }

    let kind = ProviderKind.twilio
    private let kernel: SimKernel
    private let world: SimWorldState
    private let faults: SimFaults
    private let lock = NSLock()
    private var held: [HeldCall] = []
    private var serial = 0
    /// Plays out created calls and sends their callbacks; set once, before the run.
    nonisolated(unsafe) var carrier: SimCarrier?

    init(kernel: SimKernel, world: SimWorldState, faults: SimFaults) {
        self.kernel = kernel
        self.world = world
        self.faults = faults
    }

    var calls: [HeldCall] { lock.withLock { held } }

    func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        do { try await kernel.yield() } catch { throw .outcomeUnknown(message: "sim: the instance died while sending") }
        let roll = kernel.draw { $0.seconds(0...1) }
        var edge = 0.0
        func hit(_ probability: Double) -> Bool {
            edge += probability
            return roll < edge
        }
        if hit(faults.rateLimited) {
            throw Self.createAnswerError(status: 429, code: "20429", retryAfter: "1")
        }
        if hit(faults.connectFailed) {
            throw ProviderHTTP.transportError(.connectFailed("sim: connection refused"), idempotent: false)
        }
        let ids = await create(request)
        if hit(faults.serverErrorAfterCreate) {
            let status = kernel.draw { $0.pick([500, 502, 503, 504]) }
            throw Self.createAnswerError(status: status, code: nil, retryAfter: nil)
        }
        if hit(faults.answerLost) {
            throw ProviderHTTP.transportError(.timedOut(requestSent: true), idempotent: false)
        }
        do { try await kernel.yield() } catch { throw .outcomeUnknown(message: "sim: the instance died awaiting the answer") }
        return PlacedCall(ids: ids, status: .queued)
    }

    /// How our clients file a create request's non-2xx answer.
    static func createAnswerError(status: Int, code: String?, retryAfter: String?) -> ProviderError {
        ProviderHTTP.statusError(
            status: status, providerCode: code, message: "sim: HTTP \(status)", retryAfterHeader: retryAfter,
            creating: true)
    }

    func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        do { try await kernel.yield() } catch { throw .outcomeUnknown(message: "sim: the instance died") }
        guard let sid = ids.callSid else { throw .permanent(code: "missing-call-sid", message: "sim: no SID") }
        let ended: HeldCall? = lock.withLock {
            guard let index = held.firstIndex(where: { $0.snapshot.ids.callSid == sid }), !held[index].snapshot.status.isTerminal
            else { return nil }
            held[index].snapshot.status = .canceled
            held[index].snapshot.endTime = kernel.now
            return held[index]
        }
        if let ended { await carrier?.report(SimCallback(callSid: sid, attemptId: ended.snapshot.attemptId!, status: .canceled)) }
    }

    func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? {
        try await lookUp()
        return lock.withLock { held.first { $0.snapshot.ids.callSid != nil && $0.snapshot.ids.callSid == ids.callSid }?.snapshot }
    }

    /// Twilio's call resource does not echo our attempt id, so neither does this.
    func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] {
        try await lookUp()
        return lock.withLock {
            held.map(\.snapshot).filter { call in
                guard call.to == search.to, let created = call.createdAt else { return false }
                return created >= search.startedAfter && search.startedBefore.map { created <= $0 } != false
            }.map { call in
                var copy = call
                copy.attemptId = nil
                return copy
            }
        }
    }

    private func lookUp() async throws(ProviderError) {
        do { try await kernel.yield() } catch { throw .outcomeUnknown(message: "sim: the instance died") }
        if kernel.draw({ $0.chance(faults.lookupFailed) }) {
            throw .retryable(code: "http-503", message: "sim: lookup failed", retryAfter: nil)
        }
    }

    /// Moves a held call on, as the carrier does; returns it when it changed.
    func progress(callSid: String, to status: CallStatus, duration: Int?) -> ProviderCallSnapshot? {
        lock.withLock {
            guard let index = held.firstIndex(where: { $0.snapshot.ids.callSid == callSid }),
                held[index].snapshot.status.rank < status.rank
            else { return nil }
            held[index].snapshot.status = status
            if status == .inProgress { held[index].snapshot.startTime = kernel.now }
            if status.isTerminal {
                held[index].snapshot.endTime = kernel.now
                held[index].snapshot.duration = duration ?? 0
            }
            return held[index].snapshot
        }
    }

    /// The carrier creates the call: this is where the invariants about dialing are checked.
    private func create(_ request: PlaceCallRequest) async -> ProviderCallIds {
        let now = kernel.now
        let (ids, live): (ProviderCallIds, Int) = lock.withLock {
            serial += 1
            let sid = "CA" + String(repeating: "0", count: 32 - String(serial).count) + String(serial)
            let live = held.filter { $0.snapshot.to == request.to && !$0.snapshot.status.isTerminal }.count
            let ids = ProviderCallIds(callSid: sid)
            held.append(
                HeldCall(
                    snapshot: ProviderCallSnapshot(
                        ids: ids, status: .queued, to: request.to, from: request.from,
                        createdAt: now, attemptId: request.attemptId),
                    campaignId: request.campaignId, contactId: request.contactId))
            return (ids, live)
        }
        if live > 0 { world.violation("dialed \(request.to) while \(live) other call(s) to it were live") }
        world.checkWindow(to: request.to, at: now)
        await carrier?.started(callSid: ids.callSid!, attemptId: request.attemptId)
        return ids
    }
}

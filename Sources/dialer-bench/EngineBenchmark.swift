import ArgumentParser
import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Logging

/// The real scheduler on the in-memory store with a simulated provider: does the engine keep
/// the account CPS cap saturated without exceeding it, pace each campaign exactly, and stay cheap?
struct EngineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Runs the scheduler over many campaigns at a CPS cap and reports pacing, CPU and store round trips.")

    @Option(help: "Account-wide calls-per-second cap.") var cps: Double = 100
    @Option(help: "Campaigns run at once.") var campaigns = 100
    @Option(help: "Contacts per campaign.") var contactsPerCampaign = 100
    @Option(help: "Each campaign's callDelay in milliseconds; campaigns × 1000 / callDelay is the demand in CPS.") var callDelay = 1000
    @Option(help: "How long each simulated call lasts, in milliseconds.") var callLength = 1500
    @Option(help: "Limiter guard band in milliseconds (default: dialerd's).") var guardBandMs: Int?
    @Option(
        help:
            "Grants the limiter may give back to back after an idle spell (dialerd's is 1). At the cap it bunches nothing: the one-second log repeats the first second's spacing."
    ) var burst = 1
    @Option(help: "How late a pacing wake may come to share a wake, in milliseconds (default: dialerd's).") var pacingToleranceMs: Int?
    @Option(help: "How late the simulated provider may report a call's end, in milliseconds: its webhooks share the engine's wakes.")
    var endToleranceMs = 10

    @Option(help: "The scheduler's poll for due campaigns, in milliseconds (dialerd's default is 1000).")
    var pollIntervalMs: Int64 = 100

    @Flag(help: "Run on the global pool with Dispatch timers instead of an engine loop (for comparison).") var globalPool = false

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let store = InMemoryStore()
        let loop: EngineLoop? = globalPool ? nil : EngineLoop()
        let clock = SystemWallClock(loop: loop)
        let start = Date()
        let settings = CampaignSettings(callDelay: callDelay, maxConcurrentCalls: 10, retryCount: 0)
        let always = CallingWindow(days: Dictionary(uniqueKeysWithValues: CallingWindow.weekdayKeys.map { ($0, [LocalTimeRange("00:00", "24:00")]) }))
        for c in 0..<campaigns {
            var campaign = Campaign(name: "bench \(c)", status: .active, settings: settings, now: start)
            campaign.callerId = "+14155550000"
            campaign.callingWindow = always
            let id = try await store.insertCampaign(campaign)
            let contacts = (0..<contactsPerCampaign).map { i in
                Contact(phoneNumber: String(format: "+1212%03d%04d", c % 1000, i), campaignIds: [id], now: start)
            }
            _ = try await store.insertContacts(contacts)
        }
        let total = campaigns * contactsPerCampaign
        let provider = BenchProvider(callLength: .milliseconds(callLength), endTolerance: .milliseconds(endToleranceMs), loop: loop, store: store)
        let guardBand = guardBandMs.map { Duration.milliseconds($0) } ?? CarrierGuardBand.default
        let limiter: any CallRateLimiter =
            if let loop {
                TokenBucketLimiter(ratePerSecond: cps, burst: burst, guardBand: guardBand, clock: LoopClock(loop: loop), executor: loop)
            } else {
                TokenBucketLimiter(ratePerSecond: cps, burst: burst, guardBand: guardBand, clock: ContinuousClock())
            }
        var engineConfig = EngineConfiguration(
            instanceId: "bench", pollInterval: .milliseconds(pollIntervalMs), callbackBaseURL: "http://127.0.0.1:9")
        if let pacingToleranceMs { engineConfig.pacingTolerance = .milliseconds(pacingToleranceMs) }
        let deps = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: limiter, clock: clock,
            config: engineConfig,
            executor: loop)
        let scheduler = Scheduler(deps: deps)
        provider.attach(listener: scheduler)
        let opsBefore = store.operationCounts
        let cpuBefore = CPUTime.now()
        let systemBefore = CPUTime.system()
        let runTask = Task { try await scheduler.run() }
        // Told, not polled: a poll's CPU would be billed to the engine's cost per call.
        await provider.waitUntilPlaced(total)
        let cpuAfter = CPUTime.now()
        let systemAfter = CPUTime.system()
        let opsAfter = store.operationCounts
        runTask.cancel()
        _ = try? await runTask.value
        // The same loop, woken at the calls' rate with no work: the platform's share of a call.
        // Measured once the calls still live have ended, so their ends are not billed to it.
        await provider.waitUntilAllEnded()
        let wakeCost: Double? =
            if let loop {
                try await LoopWakeCost.measure(on: loop, interval: .seconds(1 / cps), wakes: Int(min(cps * 3, 1000)))
            } else {
                nil
            }

        let placed = provider.placed
        report(
            placed: placed, campaigns: campaigns, callDelay: Double(callDelay) / 1000,
            cpu: cpuAfter - cpuBefore, systemCPU: systemAfter - systemBefore, wakeCost: wakeCost,
            ops: opsAfter.merging(opsBefore) { $0 - $1 })
    }

    private func report(
        placed: [(campaign: String, at: Double)], campaigns: Int, callDelay: Double, cpu: Double, systemCPU: Double,
        wakeCost: Double?, ops: [String: Int]
    ) {
        let times = placed.map(\.at).sorted()
        let span = (times.last ?? 0) - (times.first ?? 0)
        let achieved = Double(times.count - 1) / max(span, 1e-9)
        var maxWindow = 0
        var low = 0
        for high in times.indices {
            while times[high] - times[low] >= 1.0 { low += 1 }
            maxWindow = max(maxWindow, high - low + 1)
        }
        // Pacing error: how much later than callDelay after its previous call each call started.
        var errors: [Double] = []
        for (_, starts) in Dictionary(grouping: placed, by: \.campaign) {
            let sorted = starts.map(\.at).sorted()
            errors += zip(sorted, sorted.dropFirst()).map { abs(($1 - $0) - callDelay) }
        }
        errors.sort()
        func percentile(_ p: Double) -> Double { errors.isEmpty ? 0 : errors[min(errors.count - 1, Int(Double(errors.count) * p))] }
        let perCall = Double(times.count)
        let claimToPlaced = ["claimNextContact", "beginContactCall", "activeSuppression", "admitCall", "insertCall"]
        let pathOps = claimToPlaced.map { Double(ops[$0] ?? 0) }.reduce(0, +) / perCall
        let demand = Double(campaigns) / callDelay
        print(
            "engine benchmark: \(times.count) calls, \(campaigns) campaigns, cap \(cps) CPS, demand \(String(format: "%.0f", demand)) CPS, campaign poll every \(pollIntervalMs) ms"
        )
        print(String(format: "  achieved/configured CPS: %.4f  (%.2f / %.0f over %.1f s)", achieved / cps, achieved, cps, span))
        print("  most calls in any 1-second window: \(maxWindow) (cap \(Int(cps)))\(maxWindow <= Int(cps) ? "" : "  EXCEEDED")")
        print(
            String(
                format: "  pacing error p50: %.2f ms  p99: %.2f ms  (vs callDelay %.0f ms)", percentile(0.5) * 1000, percentile(0.99) * 1000,
                callDelay * 1000))
        print(
            String(
                format: "    p90: %.2f ms  p99.9: %.2f ms  max: %.2f ms; gaps longer than callDelay + 15 ms: %d of %d",
                percentile(0.9) * 1000, percentile(0.999) * 1000, (errors.last ?? 0) * 1000,
                errors.count(where: { $0 > 0.015 }), errors.count))
        print(String(format: "  engine CPU time per call: %.0f µs (process user+system, provider simulation included)", cpu / perCall * 1e6))
        // How it is measured, so the figure can be read honestly: nothing is subtracted.
        print(
            String(
                format: "    method: getrusage(RUSAGE_SELF) from scheduler start to the last placed call, divided by calls placed;"
                    + " covers scheduler, runners, in-memory store, CPS limiter, call-end handling and the simulated provider"
                    + " (one task ending calls in order, one timer per end); of it in the kernel: %.0f µs", systemCPU / perCall * 1e6))
        if let wakeCost {
            print(
                String(
                    format: "    per call / one idle task wake on the engine loop at the same rate, measured after the run: %.2f (%.0f µs a wake)",
                    cpu / perCall / wakeCost, wakeCost * 1e6))
        }
        print(String(format: "  store round trips per call, claim to placed: %.2f (%@)", pathOps, claimToPlaced.joined(separator: ", ")))
        let all = ops.filter { $0.value > 0 }.sorted { $0.value > $1.value }
            .map { String(format: "%@ %.2f", $0.key, Double($0.value) / perCall) }.joined(separator: ", ")
        print("  all store operations per call: \(all)")
    }
}

/// Accepts every call at once and ends it after `callLength`, as the webhooks would.
///
/// Calls last the same time, so they end in the order they were placed: one task walks that
/// queue and sleeps until the next end, instead of a task and a timer per call. The simulator
/// is included in the CPU figure, so it must cost little next to the engine it drives: its
/// state is under a lock, and `placeCall` runs on the runner's executor, without a hop.
final class BenchProvider: CallProvider, @unchecked Sendable {
    private struct State {
        var placed: [(campaign: String, at: Double)] = []
        var placedWaiter: (count: Int, continuation: CheckedContinuation<Void, Never>)?
        var serial = 0
        var ending: [(due: ContinuousClock.Instant, attemptId: String, sid: String)] = []
        var nextEnd = 0
        var enderRunning = false
        var allEndedWaiter: CheckedContinuation<Void, Never>?
    }

    let kind: ProviderKind = .twilio
    let callLength: Duration
    private let state = LockedValue(State())
    private let origin = ContinuousClock.now
    private let loop: EngineLoop?
    private let endTolerance: Duration
    private let store: InMemoryStore
    private let listener: LockedValue<(any CallEndListener)?> = LockedValue(nil)

    init(callLength: Duration, endTolerance: Duration, loop: EngineLoop?, store: InMemoryStore) {
        self.callLength = callLength
        self.endTolerance = endTolerance
        self.loop = loop
        self.store = store
    }

    func attach(listener: any CallEndListener) { self.listener.withLock { $0 = listener } }

    var placed: [(campaign: String, at: Double)] { state.withLock { $0.placed } }

    nonisolated(nonsending) func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        let now = ContinuousClock.now
        let (sid, reached, startEnder) = state.withLock { s in
            s.placed.append((request.campaignId, (now - origin).seconds))
            var reached: CheckedContinuation<Void, Never>?
            if let waiter = s.placedWaiter, s.placed.count >= waiter.count {
                s.placedWaiter = nil
                reached = waiter.continuation
            }
            s.serial += 1
            let digits = String(s.serial)
            let sid = "CA" + String(repeating: "0", count: max(0, 32 - digits.count)) + digits
            s.ending.append((now + callLength, request.attemptId, sid))
            let startEnder = !s.enderRunning
            s.enderRunning = true
            return (sid, reached, startEnder)
        }
        reached?.resume()
        if startEnder { Task(executorPreference: loop) { await self.endCalls() } }
        return PlacedCall(ids: ProviderCallIds(callSid: sid), status: .queued)
    }

    /// Returns once `count` calls have been placed.
    func waitUntilPlaced(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let reached: Bool = state.withLock { s in
                if s.placed.count >= count { return true }
                s.placedWaiter = (count, continuation)
                return false
            }
            if reached { continuation.resume() }
        }
    }

    /// Returns once every call placed so far has ended and been reported.
    func waitUntilAllEnded() async {
        await withCheckedContinuation { continuation in
            let ended: Bool = state.withLock { s in
                if !s.enderRunning { return true }
                s.allEndedWaiter = continuation
                return false
            }
            if ended { continuation.resume() }
        }
    }

    /// Ends calls in order as they come due; stops when none is left (the next call restarts it).
    private func endCalls() async {
        while let (due, attemptId, sid) = nextToEnd() {
            if due > .now {
                if let loop {
                    try? await loop.sleep(until: due, tolerance: endTolerance)
                } else {
                    try? await Task.sleep(until: due, clock: .continuous)
                }
                continue
            }
            state.withLock { $0.nextEnd += 1 }
            let ended = try? await store.advanceCall(
                .attemptId(attemptId), to: .completed,
                fields: CallFields(callSid: sid, endTime: Date(), duration: 30, answeredBy: "human"), now: Date())
            if case .advanced(let call)? = ended, let listener = listener.withLock({ $0 }) { await listener.callEnded(call) }
        }
    }

    /// The next call to end, or nil when none is left: the ender then stops, and whoever waits
    /// for every call to end is told.
    private func nextToEnd() -> (due: ContinuousClock.Instant, attemptId: String, sid: String)? {
        let (next, allEnded) = state.withLock {
            s -> ((due: ContinuousClock.Instant, attemptId: String, sid: String)?, CheckedContinuation<Void, Never>?) in
            guard s.nextEnd < s.ending.count else {
                s.enderRunning = false
                defer { s.allEndedWaiter = nil }
                return (nil, s.allEndedWaiter)
            }
            return (s.ending[s.nextEnd], nil)
        }
        allEnded?.resume()
        return next
    }

    func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {}
    func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? { nil }
    func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] { [] }
}

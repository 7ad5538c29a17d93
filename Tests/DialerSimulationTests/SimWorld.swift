import DialerCore
import DialerEngine
import DialerStore
import Foundation

protocol SimCarrier: AnyObject, Sendable {
    /// A call was created: the carrier plays it out.
    func started(callSid: String, attemptId: String) async
    /// Sends one callback now.
    func report(_ callback: SimCallback) async
}

/// One seed's world: campaigns and contacts in the in-memory store, one to three dialerd
/// instances on it, a carrier, and a chaos monkey that crashes, freezes and pauses.
final class SimWorld: SimCarrier, @unchecked Sendable {
    let seed: UInt64
    let kernel: SimKernel
    let base = InMemoryStore()
    let store: SimStore
    let state: SimWorldState
    let provider: SimProvider
    let limiter: SimLimiter
    let faults: SimFaults
    let start: Date
    let chaosEnd: Date
    private let reconcileAfter: Double
    private let lock = NSLock()
    private var instances: [String: SimInstance] = [:]
    private var dead: Set<String> = []
    private(set) var campaignIds: [ObjectId] = []
    private(set) var retryCounts: [ObjectId: Int] = [:]
    private(set) var crashes = 0
    /// Call ends being applied by a callback or the reconciler (see `CountedCallEnds`).
    private var endsInFlight = 0
    let names: [String]

    init(seed: UInt64) {
        self.seed = seed
        var random = SimRandom(seed: seed ^ 0x5EED)
        faults = SimFaults(&random)
        // Any hour of a Monday in UTC, so windows open and close across the US zones during a run.
        start = Date(timeIntervalSince1970: 1_795_392_000 + random.seconds(0...86_400).rounded())
        chaosEnd = start + random.pick([600, 3600, 4 * 3600])
        reconcileAfter = random.pick([30, 60, 120])
        names = Array(["a", "b", "c"].prefix(random.int(1...3)))
        kernel = SimKernel(seed: seed, start: start)
        store = SimStore(base: base, kernel: kernel)
        state = SimWorldState(kernel: kernel, window: .usTCPA)
        provider = SimProvider(kernel: kernel, world: state, faults: faults)
        limiter = SimLimiter(kernel: kernel, cps: faults.cps)
        provider.carrier = self
    }

    func config(instance: String) -> EngineConfiguration {
        EngineConfiguration(
            instanceId: instance, pollInterval: .seconds(1), leaseDuration: .seconds(30), parkAfter: .seconds(60),
            callbackBaseURL: "https://dialer.example.com", reconcileAfter: .seconds(reconcileAfter),
            reconcileInterval: .seconds(15))
    }

    var summary: String {
        "seed \(seed): \(names.count) instance(s), \(campaignIds.count) campaign(s), reconcileAfter=\(Int(reconcileAfter))s, "
            + "chaos for \(Int(chaosEnd.timeIntervalSince(start)))s; \(faults)"
    }

    /// Campaigns and contacts, drawn from the seed; every number is unique, so any two live calls
    /// to one number are one contact dialed twice.
    func populate() async throws {
        let areas = ["212", "312", "303", "415", "808", "907"]
        var serial = 0
        for index in 0..<kernel.draw({ $0.int(1...3) }) {
            let settings = kernel.draw { random in
                CampaignSettings(
                    callDelay: random.pick([0, 1000, 5000]), maxConcurrentCalls: random.int(1...4),
                    retryCount: random.int(0...2), retryDelay: random.pick([30_000, 300_000, 3_600_000]),
                    machinePolicy: random.chance(0.5) ? .retry : .complete)
            }
            var campaign = Campaign(name: "Sim \(index)", status: .active, settings: settings, now: start)
            campaign.callerId = "+14155550000"
            let id = try await base.insertCampaign(campaign)
            campaignIds.append(id)
            retryCounts[id] = settings.retryCount
            var contacts: [Contact] = []
            for _ in 0..<kernel.draw({ $0.int(2...8) }) {
                serial += 1
                let phone = "+1" + kernel.draw { $0.pick(areas) } + "555" + String(format: "%04d", serial)
                if case .zone(let zone) = ContactTimeZone.resolve(phoneNumber: phone, customFields: [:], campaignDefault: nil) {
                    state.setZone(zone, for: phone)
                }
                contacts.append(Contact(phoneNumber: phone, name: "Contact \(serial)", campaignIds: [id], now: start + Double(serial)))
            }
            _ = try await base.insertContacts(contacts)
        }
    }

    func instance(_ name: String) -> SimInstance? { lock.withLock { dead.contains(name) ? nil : instances[name] } }

    func boot(_ name: String) async {
        let instance = SimInstance(name: name, world: self)
        lock.withLock {
            instances[name] = instance
            dead.remove(name)
        }
        await instance.start()
    }

    // MARK: Carrier

    func started(callSid: String, attemptId: String) async {
        let events = state.script(callSid: callSid, attemptId: attemptId)
        let from = kernel.now
        await kernel.spawn("call-\(callSid.suffix(4))", instance: nil) {
            for (after, callback) in events {
                try await self.kernel.sleep(until: from + after)
                guard self.provider.progress(callSid: callSid, to: callback.status, duration: callback.duration) != nil else { return }
                await self.report(callback)
            }
        }
    }

    /// Sends a callback to a live instance, maybe late, twice, or not at all.
    func report(_ callback: SimCallback) async {
        let (copies, delays, target) = kernel.draw { random -> (Int, [Double], String) in
            let copies = random.chance(faults.callbackDropped) ? 0 : random.chance(faults.callbackDuplicated) ? 2 : 1
            let delays = (0..<copies).map { _ in random.chance(faults.callbackLate) ? random.seconds(5...90) : random.seconds(0...1) }
            return (copies, delays, random.pick(names))
        }
        for copy in 0..<copies {
            guard let instance = instance(target) else { return }
            await kernel.spawn("callback-\(callback.callSid.suffix(4))", instance: target) {
                try await self.kernel.sleep(until: self.kernel.now + delays[copy])
                try await instance.deliver(callback)
            }
        }
    }

    // MARK: Chaos

    func startChaos() async {
        guard faults.chaosEvery < 1e6 else { return }
        await kernel.spawn("chaos", instance: nil) {
            while self.kernel.now < self.chaosEnd {
                let gap = self.kernel.draw { -log(1 - $0.seconds(0...0.999)) * self.faults.chaosEvery }
                try await self.kernel.sleep(until: self.kernel.now + gap)
                try await self.chaosAction()
            }
            self.kernel.thaw()
        }
    }

    /// Numbers put on the suppression list while campaigns run, as an opt-out or an operator would.
    func startSuppressions() async {
        await kernel.spawn("suppressor", instance: nil) {
            for _ in 0..<self.kernel.draw({ $0.int(0...2) }) {
                try await self.kernel.sleep(until: self.kernel.now + self.kernel.draw { $0.seconds(1...900) })
                let phone = self.kernel.draw { $0.pick(self.state.phones) }
                _ = try await self.base.suppress([Suppression(phoneNumber: phone, reason: "sim opt-out", source: .optOut, now: self.kernel.now)])
                self.state.suppressed(phone, at: self.kernel.now)
            }
        }
    }

    private func chaosAction() async throws {
        let now = kernel.now
        switch kernel.draw({ $0.int(0...2) }) {
        case 0:
            let name = kernel.draw { $0.pick(names) }
            guard instance(name) != nil else { return }
            lock.withLock {
                _ = dead.insert(name)
                crashes += 1
            }
            kernel.crash(instance: name)
            let downFor = kernel.draw { $0.seconds(1...120) }
            await kernel.spawn("restart-\(name)", instance: nil) {
                try await self.kernel.sleep(until: self.kernel.now + downFor)
                await self.boot(name)
            }
        case 1:
            let name = kernel.draw { $0.pick(names) }
            kernel.freeze(instance: name, until: now + kernel.draw { $0.seconds(5...120) })
        default:
            let id = kernel.draw { $0.pick(campaignIds) }
            guard try await base.transitionCampaign(id: id, from: [.active], to: .paused, now: now) != nil else { return }
            let pausedFor = kernel.draw { $0.seconds(5...600) }
            await kernel.spawn("resume", instance: nil) {
                try await self.kernel.sleep(until: self.kernel.now + pausedFor)
                _ = try await self.base.transitionCampaign(id: id, from: [.paused], to: .active, now: self.kernel.now)
                try await self.base.setCampaignSchedule(id: id, nextExecution: nil, lastExecuted: nil, now: self.kernel.now)
            }
        }
    }

    func endStarted() { lock.withLock { endsInFlight += 1 } }
    func endFinished() { lock.withLock { endsInFlight -= 1 } }

    /// Right before completion, the stats kept by `$inc` must equal a recount, unless a crash fell
    /// between finishing a claim and its `$inc` (two writes, no transaction: the recount mends that),
    /// or a call's end is being applied between the two right now (the completion's recount counts it).
    func checkLiveStats(campaignId: ObjectId, recount: CampaignStats) async {
        guard lock.withLock({ crashes == 0 && endsInFlight == 0 }), var live = try? await base.campaign(id: campaignId)?.stats else { return }
        live.totalContacts = recount.totalContacts
        live.averageDuration = recount.averageDuration
        if live != recount { state.violation("campaign \(campaignId.hex) stats \(live) differ from the recount \(recount)") }
    }
}

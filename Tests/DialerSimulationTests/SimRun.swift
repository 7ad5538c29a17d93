import DialerCore
import DialerEngine
import DialerStore
import Foundation

/// One seed, run to the end: chaos first, then calm until every campaign completes.
struct SimRun {
    struct Outcome: Sendable {
        var summary: String
        var violations: [String]
        var steps: Int
        var traceHash: UInt64
        var calls: Int
    }

    static func run(seed: UInt64) async throws -> Outcome {
        let world = SimWorld(seed: seed)
        try await world.populate()
        for name in world.names { await world.boot(name) }
        await world.startChaos()
        await world.startSuppressions()
        let horizon = world.start + 2 * 86_400
        var checks = 0
        await world.kernel.run(until: horizon) {
            checks += 1
            guard checks % 256 == 0, world.kernel.now > world.chaosEnd else { return false }
            return await isSettled(world)
        }
        await heal(world)
        await world.kernel.run(until: horizon) {
            checks += 1
            return checks % 64 == 0 ? await isSettled(world) : false
        }
        let steps = world.kernel.steps
        let hash = world.kernel.traceHash
        if let livelock = world.kernel.livelock { world.state.violation("livelock: \(livelock)") }
        await world.kernel.shutDown()
        try await SimInvariants.check(world)
        return Outcome(
            summary: world.summary, violations: world.state.violations, steps: steps, traceHash: hash,
            calls: world.provider.calls.count)
    }

    /// Once chaos is over: every instance up and running, every campaign active again.
    private static func heal(_ world: SimWorld) async {
        world.kernel.thaw()
        for name in world.names where world.instance(name) == nil { await world.boot(name) }
        for id in world.campaignIds {
            if (try? await world.base.transitionCampaign(id: id, from: [.paused], to: .active, now: world.kernel.now)) != nil {
                try? await world.base.setCampaignSchedule(id: id, nextExecution: nil, lastExecuted: nil, now: world.kernel.now)
            }
        }
    }

    /// Every campaign completed and every call the carrier made has ended.
    private static func isSettled(_ world: SimWorld) async -> Bool {
        for id in world.campaignIds where (try? await world.base.campaign(id: id))?.status != .completed { return false }
        return world.provider.calls.allSatisfy { $0.snapshot.status.isTerminal }
    }
}

/// What must hold after any run, whatever the faults.
enum SimInvariants {
    static func check(_ world: SimWorld) async throws {
        let store = world.base
        let state = world.state
        var callsByAttempt: [String: Call] = [:]
        for id in world.campaignIds {
            guard let campaign = try await store.campaign(id: id) else { continue }
            if campaign.status != .completed {
                state.violation(
                    "campaign \(id.hex) ended \(campaign.status.rawValue), not completed (lease \(campaign.leaseOwner ?? "-") "
                        + "until \(campaign.leaseUntil.map { "\($0)" } ?? "-"), next \(campaign.nextExecution.map { "\($0)" } ?? "-"), "
                        + "lastError \(campaign.lastError ?? "-"))")
            }
            let calls = try await store.listCalls(CallFilter(campaignId: id), sort: .oldestFirst, page: PageRequest(offset: 0, limit: 10_000))
            for call in calls.items {
                callsByAttempt[call.attemptId] = call
                if !call.status.isTerminal {
                    state.violation("call \(call.attemptId.prefix(8)) to \(call.to) left \(call.status.rawValue): \(call.errorMessage ?? "-")")
                }
            }
            let recount = StatsRecount.stats(from: calls.items)
            var stats = campaign.stats
            stats.totalContacts = recount.totalContacts
            if stats != recount { state.violation("campaign \(id.hex) stats \(campaign.stats) differ from the recount \(recount)") }
            let contacts = try await store.listContacts(ContactFilter(campaignId: id), campaign: nil, page: PageRequest(offset: 0, limit: 1000))
            for contact in contacts.items {
                guard let progress = try await store.dialProgress(campaignId: id, contactId: contact.id!) else {
                    state.violation("contact \(contact.phoneNumber) was never enrolled")
                    continue
                }
                if ![.completed, .failed, .skipped].contains(progress.state) {
                    state.violation(
                        "contact \(contact.phoneNumber) ended in \(progress.state.rawValue) (attempts \(progress.attempts), "
                            + "zone \(progress.timeZone ?? "-"), next \(progress.nextAttemptAt.map { "\($0)" } ?? "-"))")
                }
                let dialed = world.provider.calls.filter { $0.contactId == contact.id!.hex && $0.campaignId == id.hex }.count
                let allowed = (world.retryCounts[id] ?? 0) + 1
                if dialed > allowed { state.violation("contact \(contact.phoneNumber) dialed \(dialed) times; at most \(allowed) allowed") }
            }
        }
        // The claim reads the list after claiming and before dialing, so only an attempt already past
        // that read when the number was suppressed may still reach the carrier: at most one call.
        for (phone, at) in state.suppressions {
            let after = world.provider.calls.filter { $0.snapshot.to == phone && $0.snapshot.createdAt.map { $0 >= at } == true }
            if after.count > 1 { state.violation("\(phone), suppressed at \(at), was dialed \(after.count) times after that") }
        }
        for held in world.provider.calls {
            let snapshot = held.snapshot
            guard let call = callsByAttempt[snapshot.attemptId!] else {
                state.violation("the carrier's call \(snapshot.ids.callSid!) to \(snapshot.to!) has no call document")
                continue
            }
            if call.outcome == "not-placed" || call.status != snapshot.status {
                state.violation(
                    "the carrier's call \(snapshot.ids.callSid!) ended \(snapshot.status.rawValue); "
                        + "stored as \(call.status.rawValue) (\(call.outcome ?? "-"))")
            }
        }
    }
}

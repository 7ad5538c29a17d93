import DialerCore
import DialerEngine
import DialerHTTP
import DialerStore
import DialerTelephony
import Foundation
import Testing

/// Counts CPS slots taken.
private actor CountingLimiter: CallRateLimiter {
    private(set) var acquired = 0
    func acquire() async throws { acquired += 1 }
}

/// The pre-dial check runs after the claim and before the CPS slot: a contact it skips never costs carrier
/// capacity. Real HTTP to a loopback check server, the real engine runner, a fake provider.
@Suite struct PreDialCheckTests {
    private struct Rig {
        let h: EngineHarness
        let limiter: CountingLimiter
        let http: CurlHTTPClient

        func contactId(_ n: Int) async throws -> ObjectId {
            let page = try await h.store.listContacts(
                ContactFilter(campaignId: h.campaignId, phoneNumber: String(format: "+1212555%04d", n)),
                campaign: nil, page: PageRequest())
            return try #require(page.items.first?.id)
        }

        func state(_ n: Int) async throws -> DialProgress {
            try #require(try await h.store.dialProgress(campaignId: h.campaignId, contactId: try await contactId(n)))
        }

        func run() async throws {
            _ = try await h.drive(try await h.runner(), until: EngineHarness.t0.addingTimeInterval(5))
        }
    }

    /// Timeouts are generous: under a full test run on 2 shared cores a loopback answer has taken over 200 ms,
    /// and a check that times out by accident would be read as a failure.
    private func withRig(
        _ server: PreDialServer, contacts: Int, failure: PreDialFailure = .skip, timeoutMs: Int = 5_000,
        _ body: (Rig) async throws -> Void
    ) async throws {
        let http = try CurlHTTPClient()
        let checker = HTTPPreDialChecker(http: http, secret: PreDialServer.secret, concurrency: 2)
        var settings = CampaignSettings(callDelay: 0, maxConcurrentCalls: 10, retryCount: 0)
        settings.preDialCheck = PreDialCheck(url: server.url, timeoutMs: timeoutMs, preDialFailure: failure)
        let limiter = CountingLimiter()
        let h = try await EngineHarness(contacts: contacts, settings: settings, limiter: limiter, preDial: checker)
        do {
            try await body(Rig(h: h, limiter: limiter, http: http))
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    @Test func eligibleContactsAreDialedAndANotEligibleOneIsSkippedWithoutASlot() async throws {
        try await PreDialServer.with { server in
            try await withRig(server, contacts: 3) { rig in
                server.answer(try await rig.contactId(1), .notEligible("booked a visit already"))
                try await rig.run()
                #expect(await rig.h.provider.placeRequests.map(\.to).sorted() == ["+12125550000", "+12125550002"])
                #expect(await rig.limiter.acquired == 2, "no CPS slot for the skipped contact")
                let skipped = try await rig.state(1)
                #expect(skipped.state == .skipped && skipped.attempts == 0)
                #expect(skipped.skipReason == "pre-dial check: booked a visit already")
                #expect(try await rig.state(0).state == .calling)
                let received = server.received.withLock { $0 }
                #expect(received.count == 3 && received.allSatisfy(\.signed), "each contact asked once, signed")
                let expected = [try await rig.contactId(0), try await rig.contactId(1), try await rig.contactId(2)].map(\.hex)
                #expect(Set(received.map(\.contactId)) == Set(expected))
            }
        }
    }

    @Test func aSlowCheckIsAFailureAndSkipsByDefault() async throws {
        try await PreDialServer.with { server in
            try await withRig(server, contacts: 1, timeoutMs: 1_000) { rig in
                server.answer(try await rig.contactId(0), .slow(.seconds(120)))
                try await rig.run()
                #expect(await rig.h.provider.placeRequests.isEmpty)
                #expect(await rig.limiter.acquired == 0, "a slow check takes no carrier capacity")
                let state = try await rig.state(0)
                #expect(state.state == .skipped)
                #expect(state.skipReason?.hasPrefix("pre-dial check failed: ") == true, "\(state.skipReason ?? "none")")
            }
        }
    }

    @Test func failingAndForgedAnswersFollowTheSkipPolicy() async throws {
        try await PreDialServer.with { server in
            try await withRig(server, contacts: 2) { rig in
                server.answer(try await rig.contactId(0), .failing(status: 500))
                server.answer(try await rig.contactId(1), .forged)
                try await rig.run()
                #expect(await rig.h.provider.placeRequests.isEmpty, "a forged eligible must not dial")
                #expect(await rig.limiter.acquired == 0)
                #expect(try await rig.state(0).skipReason?.contains("HTTP 500") == true)
                #expect(try await rig.state(1).skipReason?.contains("not signed") == true)
            }
        }
    }

    @Test func withTheDialPolicyAFailedCheckDials() async throws {
        try await PreDialServer.with { server in
            try await withRig(server, contacts: 3, failure: .dial, timeoutMs: 3_000) { rig in
                server.answer(try await rig.contactId(0), .failing(status: 503))
                server.answer(try await rig.contactId(1), .slow(.seconds(120)))
                server.answer(try await rig.contactId(2), .notEligible("opted out in the CRM"))
                try await rig.run()
                #expect(await rig.h.provider.placeRequests.map(\.to).sorted() == ["+12125550000", "+12125550001"])
                #expect(await rig.limiter.acquired == 2)
                #expect(try await rig.state(2).state == .skipped, "an answer of no is never overridden by the failure policy")
            }
        }
    }

    /// Without the secret, no check can be signed: every contact would be skipped, so the campaign pauses instead.
    @Test func aCampaignWithACheckButNoSecretPausesWithoutTouchingContacts() async throws {
        var settings = CampaignSettings(callDelay: 0, maxConcurrentCalls: 10, retryCount: 0)
        settings.preDialCheck = PreDialCheck(url: "http://127.0.0.1:9/check")
        let limiter = CountingLimiter()
        let h = try await EngineHarness(contacts: 2, settings: settings, limiter: limiter)
        #expect(try await h.runner().step(now: EngineHarness.t0) == .finished(.notDialable))
        let campaign = try #require(try await h.store.campaign(id: h.campaignId))
        #expect(campaign.status == .paused && campaign.pauseReason?.contains("preDialSecret") == true)
        #expect(try await h.progress().allSatisfy { $0.state == .pending && $0.attempts == 0 })
        #expect(await limiter.acquired == 0)
    }
}

/// Holds each body until released, and records how many ran at once.
private actor Probe {
    private(set) var current = 0
    private(set) var peak = 0
    private var held: [CheckedContinuation<Void, Never>] = []
    var holding: Int { held.count }

    func enter() async {
        current += 1
        peak = max(peak, current)
        await withCheckedContinuation { held.append($0) }
        current -= 1
    }

    func releaseOne() { if !held.isEmpty { held.removeFirst().resume() } }
}

@Suite struct AsyncGateTests {
    @Test func noMoreThanTheLimitRunAtOnceAndAllRun() async throws {
        let gate = AsyncGate(limit: 2)
        let probe = Probe()
        let tasks = (0..<5).map { _ in Task { await gate.run { await probe.enter() } } }
        for released in 0..<5 {
            let expected = min(2, 5 - released)
            var spins = 0
            while await probe.holding < expected, spins < 100_000 {
                await Task.yield()
                spins += 1
            }
            #expect(await probe.holding == expected)
            #expect(await probe.current <= 2)
            await probe.releaseOne()
        }
        for task in tasks { await task.value }
        #expect(await probe.peak == 2)
        #expect(await gate.inUse == 0)
    }
}

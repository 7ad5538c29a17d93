import DialerCore
import DialerMetrics
import DialerStore
import Foundation
import Testing

@Suite("Metrics: metering store decorator")
struct MeteredStoreTests {
    @Test func countsOperationsAndErrorsByOperationAndTimesClaims() async throws {
        let probe = MetricsProbe()
        let store = MeteredStore(InMemoryStore(), metrics: probe.metrics)
        let id = try await store.insertCampaign(Campaign(name: "m", status: .active, settings: CampaignSettings(), now: Date()))
        _ = try await store.campaign(id: id)
        _ = try await store.campaign(id: id)
        _ = try await store.claimNextContact(
            ClaimRequest(
                campaignId: id, owner: "me", attemptId: "a1", callId: ObjectId(), now: Date(),
                openTimeZones: []))
        #expect(probe.value(#"dialer_store_operations_total{operation="campaign"}"#) == 2)
        #expect(probe.value(#"dialer_store_operations_total{operation="insertCampaign"}"#) == 1)
        #expect(probe.value("dialer_claim_duration_seconds_count") == 1)
    }

    @Test func anErrorIsCountedUnderItsOperation() async throws {
        let probe = MetricsProbe()
        let store = MeteredStore(InMemoryStore(), metrics: probe.metrics)
        let call = Call(attemptId: "dup", provider: .twilio, attempt: 1, from: "+1", to: "+2", now: Date())
        _ = try await store.insertCall(call)
        await #expect(throws: StoreError.self) { _ = try await store.insertCall(call) }
        #expect(probe.value(#"dialer_store_operations_total{operation="insertCall"}"#) == 2)
        #expect(probe.value(#"dialer_store_errors_total{operation="insertCall"}"#) == 1)
    }

    @Test func leasesHeldFollowAcquireLossAndRelease() async throws {
        let probe = MetricsProbe()
        let store = MeteredStore(InMemoryStore(), metrics: probe.metrics)
        let now = Date()
        let a = try await store.insertCampaign(Campaign(name: "a", status: .active, settings: CampaignSettings(), now: now))
        let b = try await store.insertCampaign(Campaign(name: "b", status: .active, settings: CampaignSettings(), now: now))
        _ = try await store.acquireCampaignLease(id: a, owner: "me", now: now, until: now.addingTimeInterval(30))
        _ = try await store.acquireCampaignLease(id: b, owner: "me", now: now, until: now.addingTimeInterval(30))
        _ = try await store.acquireCampaignLease(id: a, owner: "me", now: now, until: now.addingTimeInterval(30))
        #expect(probe.value("dialer_leases_held") == 2)
        try await store.releaseCampaignLease(id: a, owner: "me")
        #expect(probe.value("dialer_leases_held") == 1)
        // Someone else holds b now: our renewal is refused, so we no longer hold it.
        _ = try await store.acquireCampaignLease(id: b, owner: "other", now: now.addingTimeInterval(60), until: now.addingTimeInterval(90))
        _ = try await store.acquireCampaignLease(id: b, owner: "me", now: now.addingTimeInterval(61), until: now.addingTimeInterval(91))
        #expect(probe.value("dialer_leases_held") == 0)
    }

    @Test func callsInFlightIsAGaugePerCampaign() async throws {
        let probe = MetricsProbe()
        let store = MeteredStore(InMemoryStore(), metrics: probe.metrics)
        let id = try await store.insertCampaign(Campaign(name: "a", status: .active, settings: CampaignSettings(), now: Date()))
        var call = Call(attemptId: "x", provider: .twilio, attempt: 1, from: "+1", to: "+2", now: Date())
        call.campaignId = id
        _ = try await store.insertCall(call)
        _ = try await store.countInFlightCalls(campaignId: id)
        #expect(probe.value(#"dialer_calls_in_flight{campaign="\#(id.hex)"}"#) == 1)
        try await store.releaseCampaignLease(id: id, owner: "me")
        #expect(probe.value(#"dialer_calls_in_flight{campaign="\#(id.hex)"}"#) == nil, "released: the series is dropped")
    }
}

import DialerCore
import DialerStore
import DialerTelephony
import DialerTestSupport
import DialerWebhooks
import Foundation
import Testing

/// "Do not call me again", said to an ElevenLabs agent, arrives as a data-collection result in the
/// post-call webhook; the campaign names the field, and the number goes on the global list.
@Suite("Webhooks: opt-outs reach the suppression list") struct OptOutTests {
    static let number = "+14155550123"

    /// A call of a campaign whose `optOutField` is `field`, then its post-call transcription with `results`.
    func deliver(_ h: WebhookHarness, field: String?, results: String, conversation: String = "conv_o1") async throws -> ObjectId {
        var campaign = Campaign(name: "Renewals", status: .active, settings: CampaignSettings(optOutField: field), now: WebhookHarness.t0)
        campaign.provider = .elevenLabs
        let campaignId = try await h.store.insertCampaign(campaign)
        var call = Call(
            attemptId: "att-\(conversation)", provider: .elevenLabs, attempt: 1, status: .initiated, from: "+14155550100",
            to: Self.number, campaignId: campaignId, contactId: ObjectId(), now: WebhookHarness.t0)
        call.id = ObjectId()
        call.conversationId = conversation
        _ = try await h.store.insertCall(call)
        let body = Payloads.elevenLabsTranscription(conversationId: conversation, callSid: nil, attemptId: nil, dataCollection: results)
        #expect(try await h.postElevenLabs(body).status == 200)
        return call.id!
    }

    @Test(arguments: StoreKind.allCases) func anOptOutInTheWebhookSuppressesTheNumberForEveryCampaign(kind: StoreKind) async throws {
        try await WebhookHarness.with(store: try await kind.make()) { (h: WebhookHarness) async throws in
            let results = #"{"do_not_call": {"data_collection_id": "do_not_call", "value": true, "rationale": "The user asked not to be called."}}"#
            let callId = try await deliver(h, field: "do_not_call", results: results)
            let entry = try #require(try await h.store.activeSuppression(phoneNumber: Self.number))
            #expect(entry.source == .optOut)
            #expect(entry.callId == callId)
            #expect(entry.reason.contains("do_not_call"))
            #expect(try await h.store.call(.conversationId("conv_o1"))?.status == .completed, "the call's end is applied as before")

            // Redelivered: nothing more.
            h.clock.advance(by: .seconds(30))
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_o1", callSid: nil, attemptId: nil, dataCollection: results)
            #expect(try await h.postElevenLabs(body).status == 200)
            #expect(try await h.store.listSuppressions(SuppressionFilter(statuses: nil), page: PageRequest()).total == 1)
        }
    }

    @Test(arguments: [
        (#"{"do_not_call": {"value": "Yes"}}"#, true),
        (#"{"do_not_call": {"value": "no"}}"#, false),
        (#"{"do_not_call": {"value": false}}"#, false),
        (#"{"do_not_call": {"value": null}}"#, false),
        (#"{"do_not_call": "true"}"#, true),
        (#"{"other_field": {"value": true}}"#, false),
        (#"{}"#, false)
    ])
    func onlyAYesInTheNamedFieldOptsOut(results: String, optsOut: Bool) async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            _ = try await deliver(h, field: "do_not_call", results: results)
            #expect((try await h.store.activeSuppression(phoneNumber: Self.number) != nil) == optsOut)
        }
    }

    @Test func aCampaignThatNamesNoFieldTakesNoOptOut() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            _ = try await deliver(h, field: nil, results: #"{"do_not_call": {"value": true}}"#)
            #expect(try await h.store.activeSuppression(phoneNumber: Self.number) == nil)
        }
    }
}

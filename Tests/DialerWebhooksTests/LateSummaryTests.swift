import DialerCore
import DialerHTTP
import DialerStore
import DialerWebhooks
import Foundation
import Testing

/// The engine's report of a call's end reads the transcript summary when it applies the end. A
/// summary that arrives after another update ended the call (the reconciler, say) would never
/// reach the sheet that way, so the webhook server passes it on by itself.
@Suite("Late transcript summaries") struct LateSummaryTests {
    static let elevenLabsSummary = "The agent answered a question about ElevenLabs."
    static let blandSummary = "The assistant reached the contact, who asked to be called back next week."

    @Test(arguments: [ProviderKind.elevenLabs, .bland])
    func aSummaryForACallThatAlreadyEndedIsPassedOnForItsContact(provider: ProviderKind) async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await Self.insertCall(h, provider: provider, status: .completed)
            let ended = try #require(try await h.call(attemptId: "att-1"))
            #expect(try await Self.postEnd(h, provider: provider).status == 200)

            let expected = CallSummaryEvent(
                campaignId: try #require(ended.campaignId), contactId: try #require(ended.contactId),
                attempt: ended.attempt,
                summary: provider == .bland ? Self.blandSummary : Self.elevenLabsSummary)
            #expect(h.summaries.events == [expected])
            #expect(h.listener.calls.isEmpty, "the end was reported before; it is not reported again")
        }
    }

    @Test(arguments: [ProviderKind.elevenLabs, .bland])
    func aSummaryThatEndsTheCallTravelsWithTheEndAlone(provider: ProviderKind) async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await Self.insertCall(h, provider: provider, status: .inProgress)
            #expect(try await Self.postEnd(h, provider: provider).status == 200)

            #expect(await h.listener.waitFor(1).map(\.attemptId) == ["att-1"])
            #expect(h.summaries.events.isEmpty, "the engine's report of the end reads the stored summary")
        }
    }

    @Test func aCallWithoutAContactHasNoRowToTell() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            var call = Call(
                attemptId: "att-1", provider: .bland, attempt: 1, status: .completed, from: "+14155550100",
                to: "+14155550123", campaignId: nil, contactId: nil, now: WebhookHarness.t0)
            call.providerCallId = "bland-0001"
            _ = try await h.store.insertCall(call)
            #expect(try await h.postBland(Payloads.blandCall(callId: "bland-0001", attemptId: "att-1")).status == 200)
            #expect(h.summaries.events.isEmpty)
        }
    }

    static func insertCall(_ h: WebhookHarness, provider: ProviderKind, status: CallStatus) async throws {
        switch provider {
        case .bland:
            try await h.insertCall(attemptId: "att-1", provider: .bland, providerCallId: "bland-0001", status: status)
        default:
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", conversationId: "conv_1", status: status)
        }
    }

    static func postEnd(_ h: WebhookHarness, provider: ProviderKind) async throws -> HTTPResponse {
        switch provider {
        case .bland:
            try await h.postBland(Payloads.blandCall(callId: "bland-0001", attemptId: "att-1"))
        default:
            try await h.postElevenLabs(Payloads.elevenLabsTranscription(conversationId: "conv_1", callSid: "CA0001", attemptId: "att-1"))
        }
    }
}

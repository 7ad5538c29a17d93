import DialerCore
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

/// ElevenLabs sends every conversation of the workspace to our webhook, and anyone on a Bland
/// account can point a call's webhook at us: the attempt id such a callback carries is whatever
/// its sender put there. Only the provider's own ids we stored tie a callback to our call.
@Suite("Callbacks that name our attempt but are not about our call") struct ForeignCallbackTests {
    static let foreignBody = "not a call placed by us; nothing stored"

    @Test func aConversationNamingOurAttemptIsForeignOnceTheCallHasItsOwn() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", conversationId: "conv_ours", status: .inProgress)
            for callSid in ["CA0EVIL", nil] {
                let forged = Payloads.elevenLabsTranscription(conversationId: "conv_evil", callSid: callSid, attemptId: "att-1", status: "failed")
                let response = try await h.postElevenLabs(forged)
                #expect(response.status == 200, "acknowledged, so ElevenLabs does not retry it")
                #expect(String(decoding: response.body, as: UTF8.self) == Self.foreignBody)
            }
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.status == .inProgress)
            #expect(call.conversationId == "conv_ours")
            #expect(call.callSid == "CA0001")
            #expect(call.transcript == nil)
            for key in ["CA0001", "CA0EVIL", "conv_evil"] {
                #expect(try await h.store.transcript(callSid: key) == nil)
                #expect(try await h.store.callEvents(callSid: key).isEmpty)
            }
            #expect(h.listener.calls.isEmpty)

            let ours = Payloads.elevenLabsTranscription(conversationId: "conv_ours", callSid: "CA0001", attemptId: "att-1")
            #expect(String(decoding: try await h.postElevenLabs(ours).body, as: UTF8.self) == "")
            #expect(try await h.call(attemptId: "att-1")?.status == .completed)
        }
    }

    @Test func aConversationIdNamingAnotherCallSidIsForeign() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", conversationId: "conv_1", status: .inProgress)
            let mismatched = Payloads.elevenLabsTranscription(conversationId: "conv_1", callSid: "CA0OTHER", attemptId: "att-1")
            #expect(String(decoding: try await h.postElevenLabs(mismatched).body, as: UTF8.self) == Self.foreignBody)
            #expect(try await h.call(attemptId: "att-1")?.status == .inProgress)
        }
    }

    /// The callback may beat the store write of the create answer, or the answer may have been
    /// lost: the attempt id then finds the call, and the first conversation to name it is bound.
    @Test func beforeTheConversationIdIsStoredTheFirstConversationBindsTheAttempt() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-2", provider: .elevenLabs, status: .initiated)
            let first = Payloads.elevenLabsTranscription(conversationId: "conv_a", callSid: nil, attemptId: "att-2")
            #expect(String(decoding: try await h.postElevenLabs(first).body, as: UTF8.self) == "")
            let second = Payloads.elevenLabsTranscription(conversationId: "conv_b", callSid: nil, attemptId: "att-2", status: "failed")
            #expect(String(decoding: try await h.postElevenLabs(second).body, as: UTF8.self) == Self.foreignBody)
            let call = try #require(try await h.call(attemptId: "att-2"))
            #expect(call.conversationId == "conv_a")
            #expect(call.status == .completed)
            #expect(try await h.store.transcript(callSid: "conv_a") != nil)
            #expect(try await h.store.transcript(callSid: "conv_b") == nil)
            #expect(try await h.store.callEvents(callSid: "conv_b").isEmpty)
            #expect(await h.listener.waitFor(1).map(\.status) == [.completed])
        }
    }

    @Test func twoConversationsRacingForOneUnboundAttemptBindOnlyOne() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            for round in 0..<8 {
                let attemptId = "att-race-\(round)"
                try await h.insertCall(attemptId: attemptId, provider: .elevenLabs, status: .inProgress)
                let bodies = ["a", "b"].map {
                    Payloads.elevenLabsTranscription(conversationId: "conv_\(round)\($0)", callSid: nil, attemptId: attemptId)
                }
                async let a = h.postElevenLabs(bodies[0])
                async let b = h.postElevenLabs(bodies[1])
                let replies = try await [a, b].map { String(decoding: $0.body, as: UTF8.self) }
                #expect(replies.sorted() == ["", Self.foreignBody], "round \(round)")
                let call = try #require(try await h.call(attemptId: attemptId))
                let winner = try #require(call.conversationId)
                let loser = winner.hasSuffix("a") ? "conv_\(round)b" : "conv_\(round)a"
                #expect(try await h.store.transcript(callSid: loser) == nil, "round \(round)")
            }
        }
    }

    @Test func aBlandCallNamingOurAttemptUnderAnotherCallIdIsForeign() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .bland, providerCallId: "bland-0001", status: .inProgress)
            let forged = Payloads.blandCall(callId: "bland-EVIL", attemptId: "att-1", status: "failed")
            let response = try await h.postBland(forged)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == Self.foreignBody)
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.status == .inProgress)
            #expect(call.providerCallId == "bland-0001")
            #expect(try await h.store.recordings(callSid: "bland-EVIL").isEmpty)
            #expect(try await h.store.callEvents(callSid: "bland-EVIL").isEmpty)
            #expect(try await h.store.callEvents(callSid: "bland-0001").isEmpty)
        }
    }
}

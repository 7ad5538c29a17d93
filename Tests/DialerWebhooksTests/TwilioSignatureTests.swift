import DialerCore
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

@Suite("Twilio signatures") struct TwilioSignatureTests {
    let params = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1)

    @Test func aSignatureForThePublicURLBehindAProxyIsAccepted() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let response = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1")
            #expect(response.status == 200)
            #expect(try await h.call(attemptId: "att-1")?.status == .ringing)
        }
    }

    /// Our callback URLs end with a connection-override fragment the request never carries;
    /// a signature over the URL with it, or without it, is Twilio's.
    @Test(arguments: ["", "#" + TwilioConnectionOverrides.callbacks.fragment])
    func aSignatureWithOrWithoutTheConnectionOverrideFragmentIsAccepted(fragment: String) async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let url = Secrets.publicBaseURL + WebhookRoute.twilioStatus.path + "?attemptId=att-1" + fragment
            let signature = TwilioSignature.compute(authToken: Secrets.twilioAuthToken, url: url, parameters: params)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: signature).status == 200)
            #expect(try await h.call(attemptId: "att-1")?.status == .ringing)
        }
    }

    @Test func aSignatureOverAnotherFragmentIsRejected() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let url = Secrets.publicBaseURL + WebhookRoute.twilioStatus.path + "?attemptId=att-1#rc=5&rp=all"
            let signature = TwilioSignature.compute(authToken: Secrets.twilioAuthToken, url: url, parameters: params)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: signature).status == 403)
        }
    }

    @Test func aSignatureForTheLocalURLIsRejectedAndNothingChanges() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let response = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signedBase: h.localBaseURL)
            #expect(response.status == 403)
            #expect(try await h.call(attemptId: "att-1")?.status == .queued)
            #expect(try await h.store.callEvents(callSid: "CA0001").isEmpty)
        }
    }

    @Test func forgedTamperedAndMissingSignaturesAreRejected() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let forged = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", token: "not-the-auth-token")
            let missing = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: .some(nil))
            let garbage = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: "AAAA")
            // Signed for one body, sent with another: CallStatus changed after signing.
            let signedFor = TwilioSignature.compute(
                authToken: Secrets.twilioAuthToken,
                url: Secrets.publicBaseURL + CallbackURLs.twilioStatusPath + "?attemptId=att-1",
                parameters: params)
            let tampered = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 1, duration: 30)
            let swapped = try await h.postTwilio(.twilioStatus, tampered, attemptId: "att-1", signature: signedFor)
            // Signed for another attempt's URL.
            let otherURL = try await h.postTwilio(
                .twilioStatus, params, attemptId: "att-2",
                signature: .some(signedFor))
            #expect([forged, missing, garbage, swapped, otherURL].map(\.status) == [403, 403, 403, 403, 403])
            #expect(try await h.call(attemptId: "att-1")?.status == .queued)
            #expect(try await h.store.callEvents(callSid: "CA0001").isEmpty)
            #expect(h.listener.calls.isEmpty)
        }
    }

    @Test func theDefaultPortIsAcceptedWrittenOrNot() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let withPort = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signedBase: "https://dialer.example.com:443")
            #expect(withPort.status == 200)
            let wrongPort = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signedBase: "https://dialer.example.com:8443")
            #expect(wrongPort.status == 403)
        }
    }

    @Test func withoutAConfiguredAuthTokenTwilioCallbacksAreRefused() async throws {
        try await WebhookHarness.with(configure: { $0.twilioAuthToken = nil }) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let response = try await h.postTwilio(.twilioStatus, params, attemptId: "att-1")
            #expect(response.status == 403)
            #expect(String(decoding: response.body, as: UTF8.self) == "signature notConfigured")
        }
    }

    @Test(arguments: [WebhookRoute.twilioRecording, .twilioAMD])
    func everyTwilioRouteChecksItsSignature(route: WebhookRoute) async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let body =
                route == .twilioAMD
                ? Payloads.twilioAMD(callSid: "CA0001", answeredBy: "human")
                : Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001")
            let forged = try await h.postTwilio(route, body, attemptId: "att-1", token: "wrong")
            #expect(forged.status == 403)
            #expect(try await h.store.recordings(callSid: "CA0001").isEmpty)
            #expect(try await h.call(attemptId: "att-1")?.answeredBy == nil)
            let signed = try await h.postTwilio(route, body, attemptId: "att-1")
            #expect(signed.status == 200)
        }
    }
}

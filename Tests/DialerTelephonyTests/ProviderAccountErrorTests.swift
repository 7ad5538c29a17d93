import DialerCore
import DialerHTTP
import DialerSim
import Foundation
import Testing

@testable import DialerTelephony

/// Refusals that mean the account or the campaign's configuration is wrong are told apart from those about
/// one contact: the engine pauses on the first kind and fails one contact on the second.
@Suite struct ProviderAccountErrorTests {
    /// dialer-sim answers each as Twilio does (status, code, message); our client reads the code.
    @Test(arguments: TwilioSimAccountError.allCases)
    func eachTwilioAccountErrorIsAccountLevel(_ simError: TwilioSimAccountError) async throws {
        try await withProviderSim { h in
            h.sim.setTwilioAccountError(simError)
            let error = await expectProviderError { try await h.twilio().placeCall(providerRequest()) }
            #expect(error?.code == String(simError.rawValue))
            #expect(error?.accountScope == AccountErrors.twilio[simError.rawValue])
            #expect(error?.accountScope != nil)
            let record = try #require(await h.sim.requestLog.all().last)
            #expect(record.responseStatus == simError.status)

            h.sim.setTwilioAccountError(nil)
            let placed = try await h.twilio().placeCall(providerRequest(attempt: "att-2"))
            #expect(placed.ids.callSid != nil, "the call goes through once the account is fixed")
        }
    }

    @Test func credentialAndAccountErrorsStopTheAccountWhileCallerIdErrorsStopTheCampaign() {
        #expect(AccountErrors.twilio[20003] == .account)
        #expect(AccountErrors.twilio[20005] == .account)
        #expect(AccountErrors.twilio[10001] == .account)
        #expect(AccountErrors.twilio[21210] == .campaign)
        #expect(AccountErrors.twilio[21212] == .campaign)
        #expect(AccountErrors.twilio[21215] == .campaign)
    }

    /// An invalid `To`, an unreachable or blocked number: one contact's problem.
    @Test(arguments: [21211, 21214, 21216, 21217])
    func contactLevelTwilioErrorsStayPermanent(_ code: Int) {
        let response = HTTPResponse(status: 400, headers: [], body: Array(#"{"code": \#(code), "message": "no", "status": 400}"#.utf8))
        #expect(TwilioCallProvider.error(from: response, creating: true) == .permanent(code: String(code), message: "no"))
    }

    @Test func aContactLevelErrorFromTheSimulatorStaysPermanent() async throws {
        try await withProviderSim { h in
            let error = await expectProviderError { try await h.twilio().placeCall(providerRequest(to: "+15005550001")) }
            #expect(error == .permanent(code: "21211", message: "Invalid 'To' Phone Number: +15005550001"))
        }
    }

    @Test func rateLimitsAndOutagesNeverReadAsAccountErrors() {
        for status in [429, 500, 503] {
            let response = HTTPResponse(status: status, headers: [], body: Array(#"{"code": 20003, "message": "x"}"#.utf8))
            #expect(TwilioCallProvider.error(from: response, creating: true).accountScope == nil, "status \(status)")
        }
    }

    @Test func elevenLabsKeyQuotaAndUnknownAgentAreAccountLevel() {
        func answer(_ status: Int, _ detail: String) -> ProviderError {
            ElevenLabsCallProvider.error(from: HTTPResponse(status: status, headers: [], body: Array(detail.utf8)), creating: true)
        }
        #expect(answer(401, #"{"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}"#).accountScope == .account)
        #expect(answer(400, #"{"detail": {"status": "quota_exceeded", "message": "over quota"}}"#).accountScope == .account)
        #expect(answer(404, #"{"detail": {"status": "agent_not_found", "message": "no agent"}}"#).accountScope == .campaign)
        let number = answer(422, #"{"detail": [{"loc": ["body", "to_number"], "msg": "invalid"}]}"#)
        #expect(number == .permanent(code: "validation-error", message: "body.to_number: invalid"))
        let fetch = ElevenLabsCallProvider.error(from: HTTPResponse(status: 404, headers: [], body: []), creating: false)
        #expect(fetch.accountScope == nil, "only a create's 404 names the campaign's agent")
    }

    @Test func blandKeyAndBalanceAreAccountLevel() {
        func answer(_ status: Int) -> ProviderError {
            BlandCallProvider.error(
                from: HTTPResponse(status: status, headers: [], body: Array(#"{"status": "error", "message": "m"}"#.utf8)),
                creating: true)
        }
        #expect(answer(401).accountScope == .account)
        #expect(answer(402).accountScope == .account)
        #expect(answer(400) == .permanent(code: "http-400", message: "m"))
    }
}

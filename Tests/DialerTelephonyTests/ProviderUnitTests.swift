import DialerCore
import DialerHTTP
import Foundation
import Testing

@testable import DialerTelephony

@Suite struct ProviderUnitTests {
    @Test func callbackURLsCarryTheEscapedAttemptId() {
        let urls = CallbackURLs(base: "https://dialer.example.com/base//")
        let retries = "#ct=2000&rt=4000&tt=15000&rc=3&rp=ct,rt,5xx"
        #expect(urls.twilioStatus(attemptId: "a b&c") == "https://dialer.example.com/base/webhooks/twilio/status?attemptId=a%20b%26c" + retries)
        #expect(urls.twilioRecording(attemptId: "x") == "https://dialer.example.com/base/webhooks/twilio/recording?attemptId=x" + retries)
        #expect(urls.twilioAMD(attemptId: "x") == "https://dialer.example.com/base/webhooks/twilio/amd?attemptId=x" + retries)
        #expect(urls.elevenLabs == "https://dialer.example.com/base/webhooks/elevenlabs")
        #expect(urls.bland == "https://dialer.example.com/base/webhooks/bland")
    }

    @Test func connectionOverridesSplitOffAURLAndReadBack() {
        let (url, overrides) = TwilioConnectionOverrides.split("https://d.example/s?attemptId=x#ct=2000&rt=4000&tt=15000&rc=3&rp=ct,rt,5xx&e=ie1")
        #expect(url == "https://d.example/s?attemptId=x")
        #expect(overrides == .callbacks)
        #expect(TwilioConnectionOverrides.split("https://d.example/s").overrides == nil)
        #expect(TwilioConnectionOverrides(fragment: "rc=x&rp=all").retryCount == nil)
    }

    @Test func formEncodingRoundTripsRepeatedKeysAndUnicode() {
        let pairs = [
            ("StatusCallbackEvent", "initiated"), ("StatusCallbackEvent", "completed"), ("Twiml", "<Say>Grüß & 100%</Say>"),
            ("StartTime>", "2024-01-01T00:00:00Z")
        ]
        let encoded = FormURLEncoding.encode(pairs)
        #expect(encoded.contains("StartTime%3E=2024-01-01T00%3A00%3A00Z"))
        let decoded = FormURLEncoding.decode(encoded)
        #expect(decoded.map(\.0) == pairs.map(\.0))
        #expect(decoded.map(\.1) == pairs.map(\.1))
        #expect(FormURLEncoding.unescape("a+b%2") == "a b%2")
    }

    @Test func datesParseAndPrintAsTwilioWritesThem() throws {
        let date = try #require(HTTPDate.parse("Tue, 31 Aug 2010 20:36:28 +0000"))
        #expect(date.timeIntervalSince1970 == 1_283_286_988)
        #expect(HTTPDate.rfc2822(date) == "Tue, 31 Aug 2010 20:36:28 +0000")
        #expect(HTTPDate.iso8601(date) == "2010-08-31T20:36:28Z")
        #expect(HTTPDate.parse("Tue, 31 Aug 2010 22:36:28 +0200") == date)
        #expect(HTTPDate.parse("Wed, 21 Oct 2015 07:28:00 GMT")?.timeIntervalSince1970 == 1_445_412_480)
        #expect(HTTPDate.parseISO8601("2010-08-31T20:36:28.500+00:00")?.timeIntervalSince1970 == 1_283_286_988.5)
        #expect(HTTPDate.parseISO8601("2010-08-31")?.timeIntervalSince1970 == 1_283_212_800)
        #expect(HTTPDate.rfc2822(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(HTTPDate.parse("not a date") == nil)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_470)
        #expect(RetryAfter.parse("3", now: now) == .seconds(3))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
    }

    @Test func twilioSignatureMatchesAnIndependentComputation() {
        // Computed with Python's hmac/hashlib for the same inputs.
        let parameters = [
            ("To", "+18005551212"), ("From", "+14158675310"), ("Digits", "1234"),
            ("Caller", "+14158675310"), ("CallSid", "CA1234567890ABCDE")
        ]
        let url = "https://example.com/myapp.php?foo=1&bar=2"
        #expect(TwilioSignature.compute(authToken: "12345", url: url, parameters: parameters) == "L/OH5YylLD5NRKLltdqwSvS0BnU=")
        #expect(TwilioSignature.isValid(signature: "L/OH5YylLD5NRKLltdqwSvS0BnU=", authToken: "12345", url: url, parameters: parameters))
        #expect(!TwilioSignature.isValid(signature: "L/OH5YylLD5NRKLltdqwSvS0BnU=", authToken: "12346", url: url, parameters: parameters))
    }

    @Test func elevenLabsAndBlandSignaturesMatchIndependentComputations() {
        let body = Array(#"{"type":"post_call_transcription"}"#.utf8)
        let header = ElevenLabsSignature.header(secret: "wsec_test", timestamp: 1_739_537_297, body: body)
        #expect(header == "t=1739537297,v0=81a65aa1e2057ec4cdc236dca583cf6ef5899fbc7acd1fe2c0921f684fa3779c")
        let now = Date(timeIntervalSince1970: 1_739_537_300)
        #expect(ElevenLabsSignature.verify(header: header, secret: "wsec_test", body: body, now: now) == .valid)
        #expect(ElevenLabsSignature.verify(header: header, secret: "other", body: body, now: now) == .mismatch)
        #expect(ElevenLabsSignature.verify(header: header, secret: "wsec_test", body: body, now: now.addingTimeInterval(3600)) == .expired)
        #expect(ElevenLabsSignature.verify(header: "v0=abc", secret: "wsec_test", body: body, now: now) == .malformed)
        #expect(BlandSignature.compute(secret: "bland_secret", body: body) == "925f7e6990d219769e0d22fe2465ecca34ed0fb9c69b3b74ce34f1f0ec512c8f")
    }

    @Test func blandStatusesMapOntoTwilios() throws {
        func status(_ json: String) throws -> CallStatus {
            try JSONDecoder().decode(BlandCallDetails.self, from: Data(json.utf8)).callStatus
        }
        #expect(try status(#"{"queue_status":"queued","completed":false}"#) == .queued)
        #expect(try status(#"{"status":"in-progress","queue_status":"started","completed":false}"#) == .inProgress)
        #expect(try status(#"{"queue_status":"complete","completed":true,"answered_by":"human"}"#) == .completed)
        #expect(try status(#"{"status":"busy","completed":true}"#) == .busy)
        #expect(try status(#"{"status":"completed","completed":true,"answered_by":"no-answer"}"#) == .noAnswer)
        #expect(try status(#"{"queue_status":"started","completed":true,"error_message":"boom"}"#) == .failed)
        #expect(try status(#"{"status":"weird"}"#) == .unknown("weird"))
    }

    /// Only a 429 proves a create-call made nothing; any other failure answer may follow a created call.
    @Test func createAnswersRetryOnlyWhenNothingWasCreated() {
        for status in [408, 500, 502, 503, 504] {
            let create = ProviderHTTP.statusError(status: status, providerCode: nil, message: "edge", retryAfterHeader: nil, creating: true)
            #expect(create.isOutcomeUnknown, "create answered \(status)")
            let fetch = ProviderHTTP.statusError(status: status, providerCode: nil, message: "edge", retryAfterHeader: nil)
            #expect(fetch.isRetryable, "fetch answered \(status)")
        }
        let limited = ProviderHTTP.statusError(status: 429, providerCode: "20429", message: "slow", retryAfterHeader: "2", creating: true)
        #expect(limited == .retryable(code: "20429", message: "slow", retryAfter: .seconds(2)))
        let invalid = ProviderHTTP.statusError(status: 400, providerCode: "21211", message: "bad To", retryAfterHeader: nil, creating: true)
        #expect(invalid == .permanent(code: "21211", message: "bad To"))
    }

    @Test func providerErrorsNameTheirClass() {
        let retry = ProviderError.retryable(code: "20429", message: "slow down", retryAfter: .seconds(2))
        #expect(retry.isRetryable && !retry.isPermanent && !retry.isOutcomeUnknown)
        #expect(retry.retryAfter == .seconds(2))
        #expect(ProviderError.outcomeUnknown(message: "x").code == nil)
        #expect("\(ProviderError.permanent(code: "21211", message: "bad number"))" == "permanent provider error 21211: bad number")
    }

    @Test func credentialsNeverPrint() {
        #expect(!"\(TwilioConfiguration.Credentials.authToken("s3cret"))".contains("s3cret"))
        #expect(!"\(TwilioConfiguration.Credentials.apiKey(sid: "SK1", secret: "s3cret"))".contains("s3cret"))
    }
}

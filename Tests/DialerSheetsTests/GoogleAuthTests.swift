import DialerCore
import DialerCrypto
import DialerHTTP
import DialerSheets
import DialerSim
import DialerTestSupport
import Foundation
import Testing

@Suite("Google service-account auth against dialer-sim", .serialized)
struct GoogleAuthTests {
    @Test func theJWTVerifiesWithTheOpenSSLCommandLineTool() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let account = try await TestServiceAccount.make(in: directory)
        let key = try ServiceAccountKey.load(path: account.keyFilePath)
        #expect(!key.description.contains("PRIVATE"), "the key's description hides the private key")
        let issued = Date(timeIntervalSince1970: 1_800_000_000)
        let jwt = try JWTAssertion(
            key: key, signer: try RSASigner(pemPrivateKey: key.privateKeyPEM),
            audience: "https://oauth2.googleapis.com/token", issuedAt: issued)

        let input = directory.appendingPathComponent("input.txt")
        let signature = directory.appendingPathComponent("sig.bin")
        try Data(jwt.signingInput.utf8).write(to: input)
        try Data(jwt.signature).write(to: signature)
        let verified = try await runTool(["openssl", "dgst", "-sha256", "-verify", account.publicKeyPath, "-signature", signature.path, input.path])
        #expect(verified.status == 0 && verified.output.contains("Verified OK"), "openssl: \(verified.output)")
        // The check must be able to fail.
        try Data((jwt.signingInput + "x").utf8).write(to: input)
        let tampered = try await runTool(["openssl", "dgst", "-sha256", "-verify", account.publicKeyPath, "-signature", signature.path, input.path])
        #expect(tampered.status != 0)

        let parts = jwt.compact.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let header = try JSONDecoder().decode([String: String].self, from: Data(try #require(Base64URL.decode(parts[0]))))
        #expect(header["alg"] == "RS256" && header["typ"] == "JWT")
        let claims = try JSONDecoder().decode(JWTClaims.self, from: Data(try #require(Base64URL.decode(parts[1]))))
        #expect(claims.iss == TestServiceAccount.email)
        #expect(claims.scope == "https://www.googleapis.com/auth/spreadsheets")
        #expect(claims.aud == "https://oauth2.googleapis.com/token")
        #expect(claims.iat == 1_800_000_000)
        #expect(claims.exp - claims.iat == 3600)
    }

    @Test func aTokenIsFetchedOnceAndRefreshedShortlyBeforeItExpires() async throws {
        let clock = ManualWallClock(start: Date())
        let google = try await GoogleHarness.start(
            sheets: [SimSheetSeed(spreadsheetId: "s1", sheetName: "Sheet1", rows: [["phone"]])],
            clock: clock)
        defer { Task { await google.stop() } }
        let tokens = try google.tokens(refreshMargin: 300)
        let first = try await tokens.accessToken()
        let second = try await tokens.accessToken()
        #expect(first == second)
        #expect(await tokens.fetches == 1)
        clock.advance(by: .seconds(3599 - 301))
        _ = try await tokens.accessToken()
        #expect(await tokens.fetches == 1, "still more than the margin before expiry")
        clock.advance(by: .seconds(2))
        let third = try await tokens.accessToken()
        #expect(await tokens.fetches == 2)
        #expect(third != first)

        // The token works, and nothing secret reaches the request log.
        let rows = try await GoogleSheetsClient(baseURL: google.sim.baseURL, http: google.http, tokens: tokens)
            .values(spreadsheetId: "s1", range: "Sheet1")
        #expect(rows == [["phone"]])
        let log = String(decoding: try JSONEncoder().encode(await google.requests()), as: UTF8.self)
        #expect(!log.contains(first) && !log.contains(third), "tokens are not logged")
        #expect(!log.contains("eyJ"), "the assertion is not logged")
        #expect(log.contains("<redacted>"))
    }

    @Test func theSimRefusesAJWTSignedWithAnotherKey() async throws {
        let google = try await GoogleHarness.start(sheets: [])
        defer { Task { await google.stop() } }
        let other = try await TestServiceAccount.make(in: try temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: other.directory) }
        var key = try google.key()
        key.privateKeyPEM = other.privateKeyPEM
        let tokens = try GoogleTokenProvider(key: key, tokenURL: google.tokenURL, http: google.http, clock: SystemWallClock())
        await #expect(throws: SheetsError.auth("token endpoint answered 400: invalid_grant: Invalid JWT Signature.")) {
            _ = try await tokens.accessToken()
        }
        // The error names no key material.
        do {
            _ = try await tokens.accessToken()
        } catch {
            #expect(!"\(error)".contains("PRIVATE KEY"))
        }
    }

    @Test func sheetsEndpointsBehaveLikeGoogles() async throws {
        let google = try await GoogleHarness.start(sheets: [SimSheetSeed(spreadsheetId: "s1", sheetName: "My Sheet", rows: [["a", "b"], ["1", "2"]])])
        defer { Task { await google.stop() } }
        let base = google.sim.baseURL + "/v4/spreadsheets/s1"
        func send(_ method: String, _ path: String, token: String?, body: String? = nil) async throws -> (Int, JSONValue?) {
            var headers: [HTTPHeader] = body == nil ? [] : [HTTPHeader("Content-Type", "application/json")]
            if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
            let response = try await google.http.send(
                HTTPRequest(method: method, url: base + path, headers: headers, body: body.map { Array($0.utf8) }))
            return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
        }
        let range = FormURLEncoding.escape("'My Sheet'!A1:B2")
        let (unauthorized, error) = try await send("GET", "/values/\(range)", token: nil)
        #expect(unauthorized == 401)
        #expect(
            error
                == .object([
                    "error": .object([
                        "code": .int(401), "status": .string("UNAUTHENTICATED"),
                        "message": .string(
                            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
                        )
                    ])
                ]))
        let (forged, _) = try await send("GET", "/values/\(range)", token: "ya29.made-up")
        #expect(forged == 401)

        let token = try await google.tokens().accessToken()
        let (ok, got) = try await send("GET", "/values/\(range)", token: token)
        #expect(ok == 200)
        #expect(
            got
                == .object([
                    "range": .string("'My Sheet'!A1:B2"), "majorDimension": .string("ROWS"),
                    "values": .array([.array([.string("a"), .string("b")]), .array([.string("1"), .string("2")])])
                ]))

        let cell = FormURLEncoding.escape("'My Sheet'!AB3")
        let (missingOption, _) = try await send("PUT", "/values/\(cell)", token: token, body: #"{"values":[["x"]]}"#)
        #expect(missingOption == 400)
        let (updated, updatedBody) = try await send("PUT", "/values/\(cell)?valueInputOption=RAW", token: token, body: #"{"values":[["x"]]}"#)
        #expect(updated == 200, "\(String(describing: updatedBody))")
        let (appended, appendedBody) = try await send(
            "POST", "/values/\(FormURLEncoding.escape("'My Sheet'!A1")):append?valueInputOption=USER_ENTERED",
            token: token, body: #"{"values":[["3","4"]]}"#)
        #expect(appended == 200, "\(String(describing: appendedBody))")
        let (batched, _) = try await send(
            "POST", "/values:batchUpdate", token: token,
            body: #"{"valueInputOption":"RAW","data":[{"range":"'My Sheet'!B1","values":[["B!"]]}]}"#)
        #expect(batched == 200)
        let (noOption, _) = try await send("POST", "/values:batchUpdate", token: token, body: #"{"data":[]}"#)
        #expect(noOption == 400)
        let (unknown, _) = try await send("GET", "/nothing", token: token)
        #expect(unknown == 404)
        let rows = try #require(await google.sim.sheetValues(spreadsheetId: "s1", sheetName: "My Sheet"))
        #expect(rows.count == 4, "\(rows)")
        #expect(rows.first?[1] == "B!")
        #expect(rows.count > 2 && rows[2].count == 28 && rows[2][27] == "x", "AB3 is column 28")
        #expect(rows.count > 3 && rows[3].prefix(2) == ["3", "4"], "append lands below the last used row")
    }
}

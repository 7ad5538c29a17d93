import DialerCore
import DialerCrypto
import Foundation

/// Google's OAuth token endpoint (`POST /token`, JWT bearer grant) and the Sheets v4
/// `spreadsheets.values` methods: get, update, append and batchUpdate. Errors have Google's shapes:
/// `{"error": "invalid_grant", "error_description": …}` from the token endpoint, and
/// `{"error": {"code", "message", "status"}}` from Sheets.
struct GoogleSimAPI {
    let state: GoogleSimState

    static func handles(_ path: String) -> Bool { path == "/token" || path.hasPrefix("/v4/spreadsheets/") }

    func handle(_ request: SimRequest) async -> SimReply {
        if request.path == "/token" {
            guard request.method == "POST" else { return Self.oauthError(405, "invalid_request", "use POST") }
            return await token(request)
        }
        guard let auth = request.header("authorization"), auth.lowercased().hasPrefix("bearer "),
            await state.isValid(token: String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else {
            return Self.error(
                401, "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                    + "login cookie or other valid authentication credential.")
        }
        let c = request.components
        guard c.count >= 4, c[0] == "v4", c[1] == "spreadsheets" else { return Self.error(404, "NOT_FOUND", "Requested entity was not found.") }
        let spreadsheetId = c[2]
        guard await state.hasSpreadsheet(spreadsheetId) else { return Self.error(404, "NOT_FOUND", "Requested entity was not found.") }
        switch (request.method, c.count) {
        case ("POST", 4) where c[3] == "values:batchUpdate":
            return await batchUpdate(request, spreadsheetId)
        case ("GET", 5) where c[3] == "values":
            return await get(request, spreadsheetId, range: c[4])
        case ("PUT", 5) where c[3] == "values":
            return await update(request, spreadsheetId, range: c[4])
        case ("POST", 5) where c[3] == "values" && c[4].hasSuffix(":append"):
            return await append(request, spreadsheetId, range: String(c[4].dropLast(7)))
        default:
            return Self.error(404, "NOT_FOUND", "Requested entity was not found.")
        }
    }

    // MARK: Token

    private func token(_ request: SimRequest) async -> SimReply {
        guard request.formValue("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer" else {
            return Self.oauthError(400, "unsupported_grant_type", "Invalid grant_type: \(request.formValue("grant_type") ?? "")")
        }
        guard let assertion = request.formValue("assertion") else {
            return Self.oauthError(400, "invalid_request", "Missing required parameter: assertion")
        }
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(String(parts[0])), let payloadBytes = Base64URL.decode(String(parts[1])),
            let signature = Base64URL.decode(String(parts[2])),
            case .object(let header)? = SimJSON.decode(headerBytes), case .object(let claims)? = SimJSON.decode(payloadBytes)
        else {
            return Self.oauthError(400, "invalid_grant", "Invalid JWT: malformed")
        }
        guard header["alg"]?.stringValue == "RS256" else { return Self.oauthError(400, "invalid_grant", "Invalid JWT: alg must be RS256") }
        guard let verifier = state.verifier else {
            return Self.oauthError(400, "invalid_grant", "Invalid JWT Signature: dialer-sim has no service-account public key (--google-public-key)")
        }
        guard verifier.isValid(signature: signature, for: Array("\(parts[0]).\(parts[1])".utf8)) else {
            return Self.oauthError(400, "invalid_grant", "Invalid JWT Signature.")
        }
        guard claims["iss"]?.stringValue == state.clientEmail else {
            return Self.oauthError(401, "invalid_client", "The OAuth client was not found.")
        }
        let audience = await state.baseURL + "/token"
        guard claims["aud"]?.stringValue == audience else {
            return Self.oauthError(400, "invalid_grant", "Invalid JWT: aud must be \(audience)")
        }
        let scopes = (claims["scope"]?.stringValue ?? "").split(separator: " ")
        guard scopes.contains("https://www.googleapis.com/auth/spreadsheets") else {
            return Self.oauthError(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        }
        guard case .int(let iat)? = claims["iat"], case .int(let exp)? = claims["exp"] else {
            return Self.oauthError(400, "invalid_grant", "Invalid JWT: iat and exp are required")
        }
        let now = state.clock.now.date.timeIntervalSince1970
        guard exp > iat, exp - iat <= 3600 else {
            return Self.oauthError(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.")
        }
        guard Double(exp) > now, Double(iat) <= now + 300 else {
            return Self.oauthError(
                400, "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values.")
        }
        let token = await state.issueToken(lifetime: 3599)
        return .json(200, .object(["access_token": .string(token), "expires_in": .int(3599), "token_type": .string("Bearer")]))
    }

    // MARK: Sheets values

    private func get(_ request: SimRequest, _ id: String, range text: String) async -> SimReply {
        guard let range = A1Range(parsing: text), let rows = await state.sheet(id, range.sheet) else {
            return Self.error(400, "INVALID_ARGUMENT", "Unable to parse range: \(text)")
        }
        let top = (range.startRow ?? 1) - 1
        let bottom = min(rows.count, range.endRow ?? rows.count)
        let left = (range.startColumn ?? 1) - 1
        var values: [[String]] = []
        if top < bottom {
            for row in rows[top..<bottom] {
                let right = min(row.count, range.endColumn ?? row.count)
                var cells = left < right ? Array(row[left..<right]) : []
                while cells.last == "" { cells.removeLast() }
                values.append(cells)
            }
        }
        while values.last?.isEmpty == true { values.removeLast() }
        var answer: [String: JSONValue] = ["range": .string(Self.describe(range, rows: rows)), "majorDimension": .string("ROWS")]
        if !values.isEmpty { answer["values"] = .array(values.map { .array($0.map(JSONValue.string)) }) }
        return .json(200, .object(answer))
    }

    private func update(_ request: SimRequest, _ id: String, range: String) async -> SimReply {
        guard let option = request.queryValue("valueInputOption") else { return Self.missingInputOption() }
        guard ["RAW", "USER_ENTERED"].contains(option) else { return Self.badInputOption(option) }
        guard let body = request.jsonObject else { return Self.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.") }
        guard await state.admitWrite() else { return Self.quotaExceeded() }
        switch await apply(id, range: range, values: body["values"]) {
        case .failure(let failure): return failure.reply
        case .success(let result): return .json(200, result)
        }
    }

    private func append(_ request: SimRequest, _ id: String, range text: String) async -> SimReply {
        guard let option = request.queryValue("valueInputOption") else { return Self.missingInputOption() }
        guard ["RAW", "USER_ENTERED"].contains(option) else { return Self.badInputOption(option) }
        guard let body = request.jsonObject else { return Self.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.") }
        guard let range = A1Range(parsing: text), let rows = await state.sheet(id, range.sheet) else {
            return Self.error(400, "INVALID_ARGUMENT", "Unable to parse range: \(text)")
        }
        guard await state.admitWrite() else { return Self.quotaExceeded() }
        // The table is the used rows; new values go below its last non-empty row.
        let lastUsed = rows.lastIndex { $0.contains { !$0.isEmpty } }.map { $0 + 1 } ?? 0
        let target = A1Range(sheet: range.sheet, startColumn: range.startColumn ?? 1, startRow: lastUsed + 1)
        switch await apply(id, range: target.description, values: body["values"]) {
        case .failure(let failure): return failure.reply
        case .success(let result):
            return .json(200, .object(["spreadsheetId": .string(id), "tableRange": .string(Self.describe(range, rows: rows)), "updates": result]))
        }
    }

    private func batchUpdate(_ request: SimRequest, _ id: String) async -> SimReply {
        guard let body = request.jsonObject else { return Self.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.") }
        guard let option = body["valueInputOption"]?.stringValue else { return Self.missingInputOption() }
        guard ["RAW", "USER_ENTERED"].contains(option) else { return Self.badInputOption(option) }
        guard case .array(let data)? = body["data"] else { return Self.error(400, "INVALID_ARGUMENT", "data is required") }
        // Check every range first: Google applies a batch all or nothing.
        for item in data {
            guard case .object(let fields) = item, let text = fields["range"]?.stringValue, let range = A1Range(parsing: text),
                await state.sheet(id, range.sheet) != nil
            else {
                return Self.error(400, "INVALID_ARGUMENT", "Unable to parse range: \(item.objectValue?["range"]?.stringValue ?? "")")
            }
        }
        guard await state.admitWrite() else { return Self.quotaExceeded() }
        var responses: [JSONValue] = []
        var cells = 0
        var maxRows = 0
        var maxColumns = 0
        var sheetsTouched = Set<String>()
        for item in data {
            let fields = item.objectValue ?? [:]
            switch await apply(id, range: fields["range"]?.stringValue ?? "", values: fields["values"]) {
            case .failure(let failure): return failure.reply
            case .success(let result):
                responses.append(result)
                let object = result.objectValue ?? [:]
                if case .int(let n)? = object["updatedCells"] { cells += Int(n) }
                if case .int(let n)? = object["updatedRows"] { maxRows += Int(n) }
                if case .int(let n)? = object["updatedColumns"] { maxColumns = max(maxColumns, Int(n)) }
                if let range = A1Range(parsing: fields["range"]?.stringValue ?? "") { sheetsTouched.insert(range.sheet) }
            }
        }
        return .json(
            200,
            .object([
                "spreadsheetId": .string(id), "totalUpdatedRows": .int(Int64(maxRows)), "totalUpdatedColumns": .int(Int64(maxColumns)),
                "totalUpdatedCells": .int(Int64(cells)), "totalUpdatedSheets": .int(Int64(sheetsTouched.count)), "responses": .array(responses)
            ]))
    }

    /// Writes values (rows of cells) with their top-left at the range's start. Values longer
    /// than a closed range are refused, as Google does.
    private func apply(_ id: String, range text: String, values: JSONValue?) async -> Result<JSONValue, SimReplyError> {
        guard let range = A1Range(parsing: text), await state.sheet(id, range.sheet) != nil else {
            return .failure(SimReplyError(Self.error(400, "INVALID_ARGUMENT", "Unable to parse range: \(text)")))
        }
        guard case .array(let rowsJSON)? = values else {
            return .failure(SimReplyError(Self.error(400, "INVALID_ARGUMENT", "values must be an array of rows")))
        }
        var rows: [[String]] = []
        for row in rowsJSON {
            guard case .array(let cells) = row else {
                return .failure(SimReplyError(Self.error(400, "INVALID_ARGUMENT", "each row of values must be an array")))
            }
            rows.append(cells.map(Self.cellText))
        }
        let width = rows.map(\.count).max() ?? 0
        // A single cell is an anchor: the values spread right and down from it, as at Google.
        let anchorOnly = range.startColumn == range.endColumn && range.startRow == range.endRow
        if !anchorOnly, let startRow = range.startRow, let endRow = range.endRow, rows.count > endRow - startRow + 1 {
            return .failure(
                SimReplyError(
                    Self.error(
                        400, "INVALID_ARGUMENT",
                        "Requested writing within range [\(text)], but tried writing to row [\(startRow + rows.count - 1)]")))
        }
        if !anchorOnly, let startColumn = range.startColumn, let endColumn = range.endColumn, width > endColumn - startColumn + 1 {
            return .failure(
                SimReplyError(
                    Self.error(
                        400, "INVALID_ARGUMENT",
                        "Requested writing within range [\(text)], but tried writing to column [\(A1Notation.columnLetters(startColumn + width - 1))]"
                    )))
        }
        await state.write(id, range.sheet, values: rows, at: range)
        let startRow = range.startRow ?? 1
        let startColumn = range.startColumn ?? 1
        let written = A1Range(
            sheet: range.sheet, startColumn: startColumn, startRow: startRow,
            endColumn: startColumn + max(width, 1) - 1, endRow: startRow + max(rows.count, 1) - 1)
        return .success(
            .object([
                "spreadsheetId": .string(id), "updatedRange": .string(written.description), "updatedRows": .int(Int64(rows.count)),
                "updatedColumns": .int(Int64(width)), "updatedCells": .int(Int64(rows.reduce(0) { $0 + $1.count }))
            ]))
    }

    private static func cellText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "TRUE" : "FALSE"
        default: ""
        }
    }

    private static func describe(_ range: A1Range, rows: [[String]]) -> String {
        var full = range
        if full.startColumn == nil { full.startColumn = 1 }
        if full.startRow == nil { full.startRow = 1 }
        if full.endColumn == nil { full.endColumn = max(26, rows.map(\.count).max() ?? 0) }
        if full.endRow == nil { full.endRow = max(1000, rows.count) }
        return full.description
    }

    // MARK: Errors

    static func error(_ code: Int, _ status: String, _ message: String) -> SimReply {
        .json(code, .object(["error": .object(["code": .int(Int64(code)), "message": .string(message), "status": .string(status)])]))
    }

    static func oauthError(_ code: Int, _ error: String, _ description: String) -> SimReply {
        .json(code, .object(["error": .string(error), "error_description": .string(description)]))
    }

    static func quotaExceeded() -> SimReply {
        error(
            429, "RESOURCE_EXHAUSTED",
            "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' "
                + "of service 'sheets.googleapis.com' for consumer 'project_number:0'.")
    }

    static func missingInputOption() -> SimReply {
        error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified")
    }

    static func badInputOption(_ option: String) -> SimReply {
        error(
            400, "INVALID_ARGUMENT",
            "Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"\(option)\"")
    }
}

struct SimReplyError: Error {
    let reply: SimReply
    init(_ reply: SimReply) { self.reply = reply }
}

extension JSONValue {
    fileprivate var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }
}

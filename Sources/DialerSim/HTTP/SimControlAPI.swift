import DialerCore
import Foundation

/// /sim/...: health, the call table, the request log and received event webhooks, for out-of-process users of dialer-sim.
struct SimControlAPI {
    let core: SimCore

    func handle(_ request: SimRequest) async -> SimReply {
        switch (request.method, request.path) {
        case ("GET", "/sim/health"):
            return .json(200, .object(["status": .string("ok")]))
        case ("GET", "/sim/calls"):
            let views = await core.book.views()
            return .json(
                200,
                .array(
                    views.map { view in
                        .object([
                            "sid": .string(view.sid), "route": .string(view.route.rawValue), "to": .string(view.to),
                            "from": .string(view.from), "status": .string(view.status.rawValue), "outcome": .string(view.outcome.rawValue),
                            "conversationId": view.conversationId.map(JSONValue.string) ?? .null,
                            "blandCallId": view.blandCallId.map(JSONValue.string) ?? .null,
                            "durationSeconds": view.durationSeconds.map { .int(Int64($0)) } ?? .null,
                            "answeredBy": view.answeredBy.map(JSONValue.string) ?? .null
                        ])
                    }))
        case ("GET", "/sim/events"):
            // Event webhooks received at /events, in arrival order, with raw bodies and signatures.
            return .json(200, core.events.json)
        case ("POST", "/sim/events/fail"):
            guard let count = request.queryValue("count").flatMap(Int.init), count >= 0 else {
                return .json(400, .object(["message": .string("count must be a whole number of deliveries to answer 500")]))
            }
            core.events.failNext(count)
            return .json(200, .object(["failNext": .int(Int64(count))]))
        case ("PUT", "/sim/twilio/account-error"):
            guard case .int(let code)? = request.jsonObject?["code"], let error = TwilioSimAccountError(rawValue: Int(code)) else {
                let known = TwilioSimAccountError.allCases.map { String($0.rawValue) }.joined(separator: ", ")
                return .json(400, .object(["message": .string("body must be {\"code\": N} with N one of \(known)")]))
            }
            core.twilioAccountError.withLock { $0 = error }
            return .json(200, .object(["code": .int(code)]))
        case ("DELETE", "/sim/twilio/account-error"):
            core.twilioAccountError.withLock { $0 = nil }
            return .json(200, .object(["code": .null]))
        case ("GET", "/sim/requests"):
            let records = await core.log.all()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = (try? encoder.encode(records)).map { Array($0) } ?? Array("[]".utf8)
            return SimReply(status: 200, headers: [("Content-Type", "application/json")], body: body)
        case ("GET", _) where request.components.count == 4 && request.components[1] == "sheets":
            // /sim/sheets/{spreadsheetId}/{sheetName}: the cells, with no token needed.
            guard let rows = await core.google.sheet(request.components[2], request.components[3]) else {
                return .json(404, .object(["message": .string("no sheet \(request.components[2])/\(request.components[3])")]))
            }
            return .json(200, .object(["values": .array(rows.map { .array($0.map(JSONValue.string)) })]))
        default:
            return .json(404, .object(["message": .string("unknown control path \(request.path)")]))
        }
    }
}

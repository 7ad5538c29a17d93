import Foundation

/// One authenticated callback kept for replay: what the ingest path needs (route, query, raw
/// body) and when it arrived. Headers are not kept: the signature was checked on arrival and
/// ingest reads none of them.
///
/// Encoded as `version: UInt8 = 1 | receivedAt ms: Int64 LE | route length: UInt8 | route |
/// query length + 1: UInt32 LE (0 = no query) | query | body…`.
struct SpooledCallback: Sendable, Equatable {
    var route: WebhookRoute
    var query: String?
    var receivedAt: Date
    var body: [UInt8]

    struct Undecodable: Error, CustomStringConvertible {
        var description: String
    }

    var request: WebhookRequest {
        WebhookRequest(method: "POST", path: route.path, query: query, headers: [], body: body)
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = [1]
        let millis = UInt64(bitPattern: Int64((receivedAt.timeIntervalSince1970 * 1000).rounded()))
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: millis >> UInt64(shift))) }
        let routeBytes = Array(route.rawValue.utf8)
        out.append(UInt8(routeBytes.count))
        out += routeBytes
        let queryBytes = query.map { Array($0.utf8) }
        SpoolJournal.appendLittleEndian(queryBytes.map { UInt32($0.count + 1) } ?? 0, to: &out)
        out += queryBytes ?? []
        out += body
        return out
    }

    init(route: WebhookRoute, query: String?, receivedAt: Date, body: [UInt8]) {
        self.route = route
        self.query = query
        self.receivedAt = receivedAt
        self.body = body
    }

    init(decoding bytes: [UInt8]) throws(Undecodable) {
        guard bytes.count >= 10, bytes[0] == 1 else { throw Undecodable(description: "unknown record version") }
        let millis = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[1 + $1]) << UInt64($1 * 8) }
        receivedAt = Date(timeIntervalSince1970: Double(Int64(bitPattern: millis)) / 1000)
        let routeLength = Int(bytes[9])
        var position = 10 + routeLength
        guard bytes.count >= position + 4,
            let route = WebhookRoute(rawValue: String(decoding: bytes[10..<position], as: UTF8.self))
        else {
            throw Undecodable(description: "unknown route")
        }
        self.route = route
        let queryField = Int(SpoolJournal.littleEndian(Array(bytes[position..<position + 4]), 0))
        position += 4
        if queryField == 0 {
            query = nil
        } else {
            guard bytes.count >= position + queryField - 1 else { throw Undecodable(description: "query runs past the record") }
            query = String(decoding: bytes[position..<position + queryField - 1], as: UTF8.self)
            position += queryField - 1
        }
        body = Array(bytes[position...])
    }
}

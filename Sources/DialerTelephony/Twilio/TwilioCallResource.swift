import DialerCore
import DialerHTTP
import Foundation

/// Twilio's call resource (api.v2010.account.call) as the spec gives it: every field
/// nullable, duration and price as strings, dates in RFC 2822.
public struct TwilioCallResource: Decodable, Sendable, Equatable {
    public var sid: String?
    public var accountSid: String?
    public var parentCallSid: String?
    public var to: String?
    public var from: String?
    public var status: String?
    public var dateCreated: String?
    public var dateUpdated: String?
    public var startTime: String?
    public var endTime: String?
    public var duration: String?
    public var price: String?
    public var priceUnit: String?
    public var direction: String?
    public var answeredBy: String?
    public var apiVersion: String?
    public var uri: String?

    enum CodingKeys: String, CodingKey {
        case sid, to, from, status, duration, price, direction, uri
        case accountSid = "account_sid"
        case parentCallSid = "parent_call_sid"
        case dateCreated = "date_created"
        case dateUpdated = "date_updated"
        case startTime = "start_time"
        case endTime = "end_time"
        case priceUnit = "price_unit"
        case answeredBy = "answered_by"
        case apiVersion = "api_version"
    }

    public var callStatus: CallStatus {
        guard let status else { return .unknown("") }
        return CallStatus(rawValue: status) ?? .unknown(status)
    }

    public var snapshot: ProviderCallSnapshot {
        ProviderCallSnapshot(
            ids: ProviderCallIds(callSid: sid), status: callStatus, to: to, from: from,
            createdAt: dateCreated.flatMap(HTTPDate.parse), startTime: startTime.flatMap(HTTPDate.parse),
            endTime: endTime.flatMap(HTTPDate.parse), duration: duration.flatMap { Int($0) },
            answeredBy: answeredBy, price: price, priceUnit: priceUnit)
    }
}

/// ListCallResponse.
struct TwilioCallPage: Decodable {
    var calls: [TwilioCallResource]
    var nextPageUri: String?

    enum CodingKeys: String, CodingKey {
        case calls
        case nextPageUri = "next_page_uri"
    }
}

/// Twilio's error body: {code, message, more_info, status}.
public struct TwilioErrorBody: Codable, Sendable, Equatable {
    public var code: Int?
    public var message: String?
    public var moreInfo: String?
    public var status: Int?

    public init(code: Int?, message: String?, moreInfo: String?, status: Int?) {
        self.code = code
        self.message = message
        self.moreInfo = moreInfo
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case code, message, status
        case moreInfo = "more_info"
    }
}

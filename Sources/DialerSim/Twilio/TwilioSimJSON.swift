import DialerCore
import DialerHTTP
import Foundation

/// Twilio's JSON bodies: the call resource (api.v2010.account.call), the list page and errors.
enum TwilioSimJSON {
    /// `asCreated`: the call as create-call returns it, queued and not yet dialed, even
    /// when the CPS queue lets it go at once.
    static func call(_ call: SimCall, at time: Duration, context: SimContext, asCreated: Bool = false) -> JSONValue {
        let now = asCreated ? min(time, call.dispatchAt - .nanoseconds(1)) : time
        let account = context.configuration.twilioAccountSid
        let uri = "/2010-04-01/Accounts/\(account)/Calls/\(call.sid).json"
        let status = call.status(at: now)
        let started = now >= call.dispatchAt ? call.dispatchAt : nil
        let ending = call.ending(by: now)
        func date(_ t: Duration?) -> JSONValue { t.map { .string(HTTPDate.rfc2822(context.date($0))) } ?? .null }
        var price: JSONValue = .null
        if let ending, ending.status == .completed {
            let minutes = max(1, (ending.durationSeconds + 59) / 60)
            price = .string(String(format: "-%.5f", 0.014 * Double(minutes)))
        }
        let lastChange = call.past(at: now).last?.at ?? call.createdAt
        let subresources = [
            "notifications", "recordings", "payments", "events", "siprec", "streams", "transcriptions",
            "user_defined_message_subscriptions", "user_defined_messages"
        ]
        let camel = [
            "user_defined_message_subscriptions": "UserDefinedMessageSubscriptions",
            "user_defined_messages": "UserDefinedMessages"
        ]
        var subresourceURIs: [String: JSONValue] = [:]
        for name in subresources {
            let resource = camel[name] ?? name.prefix(1).uppercased() + name.dropFirst()
            subresourceURIs[name] = .string("/2010-04-01/Accounts/\(account)/Calls/\(call.sid)/\(resource).json")
        }
        return .object([
            "sid": .string(call.sid),
            "date_created": date(call.createdAt),
            "date_updated": date(lastChange),
            "parent_call_sid": .null,
            "account_sid": .string(account),
            "to": .string(call.to),
            "to_formatted": .string(call.to),
            "from": .string(call.from),
            "from_formatted": .string(call.from),
            "phone_number_sid": .string("PN" + String(call.sid.dropFirst(2))),
            "status": .string(status.rawValue),
            "start_time": date(started),
            "end_time": date(ending?.at),
            "duration": ending.map { .string(String($0.durationSeconds)) } ?? .null,
            "price": price,
            "price_unit": .string("USD"),
            "direction": .string("outbound-api"),
            "answered_by": call.twilio.machineDetection == nil ? .null : call.answeredBy(by: now).map(JSONValue.string) ?? .null,
            "api_version": .string("2010-04-01"),
            "forwarded_from": .null,
            "group_sid": .null,
            "caller_name": .null,
            "queue_time": .string(String(Int(SimTime.seconds(call.dispatchAt - call.createdAt) * 1000))),
            "trunk_sid": .null,
            "uri": .string(uri),
            "subresource_uris": .object(subresourceURIs)
        ])
    }

    static func error(status: Int, code: Int, message: String) -> JSONValue {
        .object([
            "code": .int(Int64(code)),
            "message": .string(message),
            "more_info": .string("https://www.twilio.com/docs/errors/\(code)"),
            "status": .int(Int64(status))
        ])
    }
}

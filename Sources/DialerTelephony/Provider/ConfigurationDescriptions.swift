/// Provider configurations print without their keys. Without these, Swift's default description
/// reflects every stored property, and anything that prints a value holding a provider (a
/// `ServiceGroup` listing its services at debug level did) would print the API key.
extension ElevenLabsConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ElevenLabsConfiguration(baseURL: \(baseURL), apiKey: ***)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["baseURL": baseURL, "apiKey": "***"]) }
}

extension BlandConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "BlandConfiguration(baseURL: \(baseURL), apiKey: ***)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["baseURL": baseURL, "apiKey": "***"]) }
}

extension TwilioConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "TwilioConfiguration(baseURL: \(baseURL), accountSid: \(accountSid), credentials: \(credentials))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["baseURL": baseURL, "accountSid": accountSid, "credentials": "\(credentials)"]) }
}

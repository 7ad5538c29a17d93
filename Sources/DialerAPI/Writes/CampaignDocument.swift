import DialerCore
import DialerOperator
import DialerStore
import Foundation

/// A campaign as the write routes take it: the fields campaign.json may set, checked by the
/// import's own reader (`DocumentChecks`), so a body gets the same verdict `dialerctl import` gives.
enum CampaignDocument {
    /// The statuses in which `PUT` may edit a campaign: never while it runs, nor once it has ended.
    static let editableStatuses: [CampaignStatus] = [.draft, .paused]

    /// campaign.json's checks on a `POST` body.
    static func created(from body: Data?, now: Date) throws(APIError) -> Campaign {
        switch DocumentChecks.campaign(json: String(decoding: body ?? Data("{}".utf8), as: UTF8.self), file: "campaign", now: now) {
        case .success(let campaign): return campaign
        case .failure(let issues): throw .invalidDocument("campaign", issues)
        }
    }

    /// The stored campaign with the body's fields laid over it, checked whole as on import, and the
    /// changes that write just the body's fields. `status` is not editable here: it moves by the actions.
    static func edited(_ stored: Campaign, body: Data?, now: Date) throws(APIError) -> CampaignChanges {
        let given = try members(of: body)
        guard !given.isEmpty else { throw APIError(.unprocessable, "the body changes nothing; give at least one field") }
        var merged = (try? storedMembers(stored)) ?? [:]
        for (key, value) in given { merged[key] = value }
        let text = String(decoding: (try? JSONEncoder().encode(JSONValue.object(merged))) ?? Data(), as: UTF8.self)
        let campaign: Campaign
        switch DocumentChecks.campaign(json: text, file: "campaign", now: now) {
        case .success(let checked): campaign = checked
        case .failure(let issues): throw .invalidDocument("campaign as edited", issues)
        }
        var changes = CampaignChanges()
        for key in given.keys { copy(key, from: campaign, into: &changes) }
        return changes
    }

    /// The body's members; a null cannot clear a field, so it is refused rather than ignored.
    private static func members(of body: Data?) throws(APIError) -> [String: JSONValue] {
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: body ?? Data("{}".utf8)) else {
            throw .badArgs("the body must be a JSON object")
        }
        if let key = members.keys.sorted().first(where: { members[$0] == .null }) {
            throw .badArgs("\(key) must not be null; a field cannot be cleared here")
        }
        return members
    }

    /// The stored campaign's editable fields, as campaign.json would give them.
    private static func storedMembers(_ stored: Campaign) throws -> [String: JSONValue] {
        let encoded = try JSONDecoder().decode(JSONValue.self, from: OperatorJSON.encoder().encode(stored))
        guard case .object(let members) = encoded else { return [:] }
        return members.filter { editableFields.contains($0.key) }
    }

    static var editableFields: Set<String> { DocumentChecks.campaignFields.subtracting(["status"]) }

    /// One editable field's checked value, into the changes that write it.
    static func copy(_ field: String, from campaign: Campaign, into changes: inout CampaignChanges) {
        switch field {
        case "name": changes.name = campaign.name
        case "description": changes.description = campaign.description
        case "prompt": changes.prompt = campaign.prompt
        case "firstMessage": changes.firstMessage = campaign.firstMessage
        case "callerId": changes.callerId = campaign.callerId
        case "region": changes.region = campaign.region
        case "sheetInfo": changes.sheetInfo = campaign.sheetInfo
        case "settings": changes.settings = campaign.settings
        case "nextExecution": changes.nextExecution = campaign.nextExecution
        case "provider": changes.provider = campaign.provider
        case "agentId": changes.agentId = campaign.agentId
        case "agentPhoneNumberId": changes.agentPhoneNumberId = campaign.agentPhoneNumberId
        case "defaultTimeZone": changes.defaultTimeZone = campaign.defaultTimeZone
        case "callingWindow": changes.callingWindow = campaign.callingWindow
        default: break
        }
    }

    /// The body's schema: campaign.json's fields (`status` only on create), each with its type.
    /// Nested documents are checked by the import's reader, which names the field at fault.
    static func schema(creating: Bool) -> JSONSchema {
        var fields = ObjectSchema()
        if creating {
            fields = fields.field("name", .string(pattern: APIParameter.nonBlank, description: "not blank"))
                .optional("status", .enumeration(DocumentChecks.creatableStatuses.map(\.rawValue), description: "default draft"))
        } else {
            fields = fields.optional("name", .string(pattern: APIParameter.nonBlank, description: "not blank"))
        }
        return fields.optional("description", .string()).optional("prompt", .string()).optional("firstMessage", .string())
            .optional("callerId", .string(pattern: APIParameter.phonePattern)).optional("region", .string())
            .optional("sheetInfo", sheetInfo).optional("settings", settings).optional("nextExecution", .dateTime)
            .optional("provider", .enumeration(ProviderKind.self)).optional("agentId", .string())
            .optional("agentPhoneNumberId", .string()).optional("defaultTimeZone", .string(description: "an IANA time zone"))
            .optional("callingWindow", callingWindow)
            .closed
    }

    static let sheetInfo = ObjectSchema()
        .optional("spreadsheetId", .string()).optional("sheetName", .string()).optional("phoneColumn", .string())
        .optional("nameColumn", .string()).optional("statusColumn", .string()).optional("customMessageColumn", .string())
        .closed

    static let callingWindow = ObjectSchema()
        .optional("preset", .string(description: "us-tcpa, au, …")).optional("days", .map(.any(description: "local time ranges")))
        .optional("holidays", .array(.string()))
        .closed

    static let settings = ObjectSchema()
        .optional("callDelay", range(CampaignSettings.callDelayRange, "milliseconds between call starts"))
        .optional("maxConcurrentCalls", range(CampaignSettings.maxConcurrentCallsRange, "calls in flight"))
        .optional("retryCount", range(CampaignSettings.retryCountRange, "attempts after the first"))
        .optional("retryDelay", range(CampaignSettings.retryDelayRange, "milliseconds before a retry"))
        .optional("retryBackoff", .number(minimum: CampaignSettings.retryBackoffRange.lowerBound))
        .optional("retryJitter", .number(minimum: CampaignSettings.retryJitterRange.lowerBound))
        .optional("machinePolicy", .enumeration(MachinePolicy.self))
        .optional("twilio", .map(.any(description: "Twilio call options, checked as on import")))
        .optional("elevenLabs", .map(.any(description: "ElevenLabs call options, checked as on import")))
        .optional("bland", .map(.any(description: "Bland call options, checked as on import")))
        .optional("optOutField", .string()).optional("preDialCheck", .map(.any(description: "url, timeoutMs, preDialFailure")))
        .closed

    private static func range(_ range: ClosedRange<Int>, _ description: String) -> JSONSchema {
        .integer(minimum: range.lowerBound, maximum: range.upperBound, description: description)
    }
}

import DialerCore
import DialerOperator
import DialerStore
import Foundation

/// A contact as the write routes take it: contacts.json's fields, its phone number normalized to
/// E.164 as the sheet import normalizes, then checked by the import's own reader (`DocumentChecks`).
enum ContactDocument {
    static func created(from body: Data?, now: Date) throws(APIError) -> Contact {
        switch DocumentChecks.contacts(records: [try record(members(of: body))], file: "contact", now: now)[0] {
        case .success(let contact): return contact
        case .failure(let issues): throw .invalidDocument("contact", issues)
        }
    }

    /// The stored contact with the body's fields laid over it, checked whole, and the changes that
    /// write just the body's fields.
    static func edited(_ stored: Contact, body: Data?, now: Date) throws(APIError) -> ContactChanges {
        let given = try members(of: body)
        guard !given.isEmpty else { throw APIError(.unprocessable, "the body changes nothing; give at least one field") }
        if let key = given.keys.sorted().first(where: { given[$0] == .null }) {
            throw .badArgs("\(key) must not be null; a field cannot be cleared here")
        }
        var merged = storedMembers(stored)
        for (key, value) in given { merged[key] = value }
        let contact: Contact
        switch DocumentChecks.contacts(records: [try record(merged)], file: "contact", now: now)[0] {
        case .success(let checked): contact = checked
        case .failure(let issues): throw .invalidDocument("contact as edited", issues)
        }
        var changes = ContactChanges()
        for key in given.keys { copy(key, from: contact, into: &changes) }
        return changes
    }

    /// Each element of an import, checked on its own: the contact, or its problems.
    static func imported(_ elements: [JSONValue], now: Date) -> [Result<Contact, ImportIssues>] {
        let records = elements.map { element in
            guard case .object(let members) = element else { return (try? text(element)) ?? "null" }
            return (try? record(members)) ?? "null"
        }
        return DocumentChecks.contacts(records: records, file: "contact", now: now)
    }

    private static func members(of body: Data?) throws(APIError) -> [String: JSONValue] {
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: body ?? Data("{}".utf8)) else {
            throw .badArgs("the body must be a JSON object")
        }
        return members
    }

    /// The record's text, its phone number in E.164 when it can be read as one (else left for the
    /// reader to report as it stands).
    private static func record(_ members: [String: JSONValue]) throws(APIError) -> String {
        var members = members
        if case .string(let raw)? = members["phoneNumber"], let e164 = PhoneNormalizer.e164(raw) { members["phoneNumber"] = .string(e164) }
        do {
            return try text(.object(members))
        } catch {
            throw .badArgs("the body is not valid JSON")
        }
    }

    private static func text(_ value: JSONValue) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }

    private static func storedMembers(_ stored: Contact) -> [String: JSONValue] {
        guard let data = try? OperatorJSON.encoder().encode(stored),
            case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [:] }
        return members.filter { DocumentChecks.contactFields.contains($0.key) }
    }

    static func copy(_ field: String, from contact: Contact, into changes: inout ContactChanges) {
        switch field {
        case "phoneNumber": changes.phoneNumber = contact.phoneNumber
        case "name": changes.name = contact.name
        case "email": changes.email = contact.email
        case "tags": changes.tags = contact.tags
        case "notes": changes.notes = contact.notes
        case "status": changes.status = contact.status
        case "priority": changes.priority = contact.priority
        case "customFields": changes.customFields = contact.customFields
        case "sheetInfo": changes.sheetInfo = contact.sheetInfo
        default: break
        }
    }

    /// The body's schema: contacts.json's fields, each with its type (the phone in any form the
    /// sheet import reads; it is stored in E.164).
    static func schema(creating: Bool) -> JSONSchema {
        let phone = JSONSchema.string(pattern: "[0-9]", description: "E.164, or a national form that normalizes to it (stored in E.164)")
        return (creating ? ObjectSchema().field("phoneNumber", phone) : ObjectSchema().optional("phoneNumber", phone))
            .optional("name", .string()).optional("email", .string(description: "an email address"))
            .optional("tags", .array(.string())).optional("notes", .string()).optional("customFields", .map(.any()))
            .optional("status", .enumeration(ContactStatus.self, description: "default active"))
            .optional("priority", .integer(minimum: 0, maximum: 10, description: "default 0"))
            .optional(
                "sheetInfo",
                ObjectSchema().optional("spreadsheetId", .string()).optional("sheetName", .string()).optional("rowIndex", .integer(minimum: 1)).closed
            )
            .closed
    }
}

extension JSONSchema {
    static func enumeration<E: OpenEnum>(_ type: E.Type, description: String) -> JSONSchema {
        .string(values: E.knownCases.map(\.rawValue), description: description)
    }
}

import DialerCore
import DialerStore
import Foundation

public enum SuppressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidNumber(String)
    case notSuppressed(String)
    case missingReason
    case nothingToAdd

    public var description: String {
        switch self {
        case .invalidNumber(let raw): "\"\(raw)\" is not a phone number that can be read as E.164 (e.g. +14155550100)"
        case .notSuppressed(let number): "\(number) is not on the suppression list"
        case .missingReason: "a reason is required to remove a number from the suppression list (it is recorded)"
        case .nothingToAdd: "no phone numbers given"
        }
    }
}

/// Operator actions on the global suppression list, for every transport (the control socket now,
/// the HTTP API later): the same input gets the same validation and effect on both. Who acted
/// (`by`) is the transport's identity of the caller: the socket peer, later the API key.
public struct SuppressionOperations: Sendable {
    private let store: any SuppressionList
    private let clock: any WallClock

    public init(store: any SuppressionList, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Suppresses numbers typed by an operator. Any that is not a number refuses the whole request:
    /// a typo in a hand-typed list is better fixed than half applied.
    public func add(_ rawNumbers: [String], reason: String?, by: String) async throws -> SuppressionReport {
        guard !rawNumbers.isEmpty else { throw SuppressionError.nothingToAdd }
        let numbers = try rawNumbers.map { raw in
            guard let number = PhoneNormalizer.e164(raw) else { throw SuppressionError.invalidNumber(raw) }
            return number
        }
        let now = clock.now.date
        let reason = Self.nonEmpty(reason) ?? "added by an operator"
        let entries = Self.unique(numbers).map { Suppression(phoneNumber: $0, reason: reason, source: .operatorAction, addedBy: by, now: now) }
        return try await apply(entries, issues: [], duplicates: numbers.count - entries.count, dryRun: false)
    }

    /// Imports a suppression list file (see `SuppressionFile`). Rows that are not numbers are
    /// reported by line and skipped; the others are suppressed.
    public func importFile(_ text: String, name: String, reason: String?, by: String, dryRun: Bool) async throws -> SuppressionReport {
        let file = SuppressionFile.parse(text)
        let now = clock.now.date
        let fallback = Self.nonEmpty(reason) ?? "imported from \(name)"
        let entries = file.entries.map {
            Suppression(phoneNumber: $0.phoneNumber, reason: $0.reason ?? fallback, source: .importFile, addedBy: "\(name) (\(by))", now: now)
        }
        return try await apply(entries, issues: file.issues, duplicates: file.duplicates, dryRun: dryRun)
    }

    /// Adds the numbers of contacts stored `do-not-call` (a campaign import, a sheet), so no other
    /// campaign that lists them dials them.
    @discardableResult
    public func suppressDoNotCall(_ contacts: [Contact], campaignId: ObjectId?, by: String) async throws -> [String] {
        let now = clock.now.date
        let entries = contacts.filter { $0.status == .doNotCall && PhoneNumber(e164: $0.phoneNumber) != nil }
            .map { Suppression.doNotCall($0, campaignId: campaignId, addedBy: by, now: now) }
        return entries.isEmpty ? [] : try await store.suppress(entries)
    }

    /// Lifts a number's suppression; the entry is kept as `removed` with who, when and why.
    public func remove(_ rawNumber: String, reason: String?, by: String) async throws -> Suppression {
        guard let number = PhoneNormalizer.e164(rawNumber) else { throw SuppressionError.invalidNumber(rawNumber) }
        guard let reason = Self.nonEmpty(reason) else { throw SuppressionError.missingReason }
        guard let removed = try await store.liftSuppression(phoneNumber: number, by: by, reason: reason, now: clock.now.date) else {
            throw SuppressionError.notSuppressed(number)
        }
        return removed
    }

    /// Active entries (or every entry, with `includeRemoved`), newest first; one number's history with `number`.
    public func list(number rawNumber: String?, includeRemoved: Bool, limit: Int) async throws -> SuppressionListing {
        var filter = SuppressionFilter(statuses: includeRemoved ? nil : [.active])
        if let rawNumber {
            guard let number = PhoneNormalizer.e164(rawNumber) else { throw SuppressionError.invalidNumber(rawNumber) }
            filter.phoneNumber = number
        }
        let page = try await store.listSuppressions(filter, page: PageRequest(offset: 0, limit: limit))
        return SuppressionListing(suppressions: page.items, total: page.total)
    }

    private func apply(_ entries: [Suppression], issues: [SuppressionFileIssue], duplicates: Int, dryRun: Bool) async throws -> SuppressionReport {
        let numbers = entries.map(\.phoneNumber)
        if dryRun {
            let already = try await store.suppressedNumbers(among: numbers)
            return SuppressionReport(
                added: numbers.filter { !already.contains($0) }, alreadySuppressed: numbers.filter(already.contains),
                issues: issues, duplicates: duplicates, dryRun: true)
        }
        let added = Set(try await store.suppress(entries))
        return SuppressionReport(
            added: numbers.filter(added.contains), alreadySuppressed: numbers.filter { !added.contains($0) },
            issues: issues, duplicates: duplicates)
    }

    private static func unique(_ numbers: [String]) -> [String] {
        var seen: Set<String> = []
        return numbers.filter { seen.insert($0).inserted }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

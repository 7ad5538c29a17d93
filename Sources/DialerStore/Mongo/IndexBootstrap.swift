import Foundation

public struct IndexReport: Sendable {
    public var created: [IndexSpec]
    public var existing: [IndexSpec]
}

extension MongoStore {
    /// Creates every index of `IndexCatalog` that is not there yet, matched by key pattern.
    /// Idempotent: a second run creates nothing.
    public func ensureIndexes(_ specs: [IndexSpec] = IndexCatalog.all) async throws -> IndexReport {
        var report = IndexReport(created: [], existing: [])
        let database = connection.databaseName
        for collection in Set(specs.map(\.collection)).sorted() {
            let present = try await on(collection) { try MongoOperations.listIndexes($0) }.compactMap { $0["key"]?.documentValue }
            let wanted = specs.filter { $0.collection == collection }
            let missing = wanted.filter { spec in !present.contains { IndexBootstrap.sameKeys($0, spec.keys) } }
            report.existing += wanted.filter { spec in present.contains { IndexBootstrap.sameKeys($0, spec.keys) } }
            guard !missing.isEmpty else { continue }
            let command: BSONDocument = [
                "createIndexes": .string(collection),
                "indexes": .array(missing.map(IndexBootstrap.document))
            ]
            _ = try await connection.withClient { try MongoOperations.command($0, database: database, command) }
            report.created += missing
        }
        return report
    }
}

enum IndexBootstrap {
    static func document(_ spec: IndexSpec) -> BSONValue {
        var document: BSONDocument = ["key": .document(spec.keys), "name": .string(spec.name)]
        if spec.unique { document["unique"] = true }
        if let partial = spec.partialFilter { document["partialFilterExpression"] = .document(partial) }
        return .document(document)
    }

    /// Key patterns compare by field order and direction; servers may store 1 as int32, int64 or double.
    static func sameKeys(_ lhs: BSONDocument, _ rhs: BSONDocument) -> Bool {
        lhs.keys == rhs.keys && zip(lhs, rhs).allSatisfy { $0.value.doubleValue == $1.value.doubleValue }
    }
}

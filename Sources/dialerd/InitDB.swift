import ArgumentParser
import DialerStore
import Foundation

struct InitDB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init-db",
        abstract: "Create every index the seeds and the engine need. Safe to run again."
    )

    @Option(name: .customLong("mongo-uri"), help: "MongoDB URI; the database name comes from its path.")
    var mongoURI: String = ProcessInfo.processInfo.environment["DIALER_MONGO_URI"] ?? "mongodb://127.0.0.1:27017/dialer"

    func run() async throws {
        let store: MongoStore
        do {
            store = try MongoStore(uri: mongoURI)
            try await store.ping()
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("dialerd: cannot use the database: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let report = try await store.ensureIndexes()
        if report.created.isEmpty {
            print("nothing to do: all \(report.existing.count) indexes exist in \(store.connection.databaseName)")
            return
        }
        for spec in report.created {
            let keys = spec.keys.map { "\($0.key): \($0.value.intValue ?? 1)" }.joined(separator: ", ")
            print("created \(spec.collection) { \(keys) }\(spec.unique ? " unique" : "")  (\(spec.origin))")
        }
        print("\(report.created.count) created, \(report.existing.count) already present, in \(store.connection.databaseName)")
    }
}

import Foundation

/// The providers' published descriptions, looked up in $DIALER_SPECS_DIR, the repository's
/// specs/ folder, then /work/shared/specs.
enum SpecFile {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var searched: [String]
        var description: String { "\(name) not found in \(searched)" }
    }

    static func exists(named name: String, filePath: String = #filePath) -> Bool {
        candidates(filePath).contains { FileManager.default.fileExists(atPath: $0 + "/" + name) }
    }

    static func json(named name: String, filePath: String = #filePath) throws -> [String: Any] {
        let candidates = candidates(filePath)
        guard let path = candidates.map({ $0 + "/" + name }).first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw Missing(name: name, searched: candidates)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Missing(name: name, searched: [path]) }
        return root
    }

    private static func candidates(_ filePath: String) -> [String] {
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["DIALER_SPECS_DIR"] { candidates.append(dir) }
        var repository = URL(fileURLWithPath: filePath)
        for _ in 0..<4 { repository = repository.deletingLastPathComponent() }
        candidates.append(repository.appendingPathComponent("specs").path)
        candidates.append("/work/shared/specs")
        return candidates
    }
}

import DialerTestSupport
import Foundation
import Testing

/// dialerctl is a socket client: it must not load the database driver, the HTTP client or
/// OpenSSL, which would come in through the store, engine or providers.
@Suite("dialerctl links no C library of the server side")
struct DialerctlLinkageTests {
    @Test func dialerctlLoadsNeitherLibmongocNorLibcurlNorOpenSSL() async throws {
        let binary = BuiltProducts.executable("dialerctl")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build dialerctl first (swift build --build-tests)")
        let ldd = try await runTool(["ldd", binary.path])
        try #require(ldd.status == 0, "ldd failed: \(ldd.output)")
        #expect(ldd.output.contains("libc.so"), "ldd lists the libraries it loads")
        let forbidden = ["mongoc", "bson", "curl", "ssl", "crypto"]
        let loaded = ldd.output.split(separator: "\n").filter { line in forbidden.contains { line.contains($0) } }
        #expect(loaded.isEmpty, "dialerctl loads \(loaded.joined(separator: "; "))")
    }
}

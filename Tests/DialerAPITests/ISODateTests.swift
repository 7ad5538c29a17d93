import Foundation
import Testing

@testable import DialerAPI

/// The API's date parameters: what the documented pattern admits is exactly what the server reads.
@Suite("API: ISO 8601 dates") struct ISODateTests {
    @Test(arguments: [
        ("2026-11-22", 1_795_305_600.0), ("2026-11-22T04:10:05Z", 1_795_320_605), ("2026-11-22T04:10:05.25Z", 1_795_320_605.25),
        ("2026-11-22T04:10:05.123456789+01:30", 1_795_315_205.123456789), ("2026-11-22T00:00:00-23:59", 1_795_391_940),
        ("2024-02-29", 1_709_164_800), ("2000-02-29T12:00:00Z", 951_825_600), ("9999-12-31T23:59:59Z", 253_402_300_799)
    ])
    func aDateThePatternAdmitsIsRead(text: String, seconds: Double) throws {
        let date = try #require(ISODate.parse(text), "\(text) was refused")
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6, "\(text) read as \(date.timeIntervalSince1970)")
    }

    @Test(arguments: [
        "0000-00-00", "2026-00-10", "2026-13-01", "2026-02-29", "2026-04-31", "1900-02-29", "0999-01-01", "2026-11-22T24:00:00Z",
        "2026-11-22T04:10:05", "2026-11-22T04:10:05.1234567890Z", "2026-11-22t04:10:05z", "2026-11-22 04:10:05Z", "22/11/2026", ""
    ])
    func anythingElseIsRefused(text: String) {
        #expect(ISODate.parse(text) == nil, "\(text) was read")
    }
}

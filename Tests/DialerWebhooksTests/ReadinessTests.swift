import Foundation
import Testing

@testable import DialerWebhooks

@Suite("Readiness: what /readyz reports")
struct ReadinessTests {
    @Test func readyOnlyWithTheDatabaseEveryServiceAndNoShutdown() throws {
        let readiness = Readiness(required: ["webhooks", "reconciler", "control", "scheduler"])
        #expect(readiness.missing == ["webhooks", "reconciler", "control", "scheduler"])
        readiness.started("scheduler")
        readiness.started("webhooks")
        #expect(readiness.missing == ["reconciler", "control"])
        #expect(!ReadinessReport(databaseReachable: true, missing: readiness.missing, stopping: false).ready)
        readiness.started("reconciler")
        readiness.started("control")
        #expect(ReadinessReport(databaseReachable: true, missing: readiness.missing, stopping: false).ready)
        #expect(!ReadinessReport(databaseReachable: false, missing: readiness.missing, stopping: false).ready)
        readiness.stopping()
        #expect(!ReadinessReport(databaseReachable: true, missing: readiness.missing, stopping: readiness.isStopping).ready)
    }

    @Test func theBodySaysWhatIsMissing() throws {
        let report = ReadinessReport(databaseReachable: false, missing: ["control"], stopping: false)
        let text = String(decoding: report.json, as: UTF8.self)
        #expect(text == #"{"database":"unreachable","missing":["control"],"ready":false,"stopping":false}"# + "\n")
    }
}

import DialerControl
import DialerCore
import DialerOperations
import DialerOperator
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// The suppression list through the real `dialerctl` and the control socket, as an operator uses it.
@Suite("dialerctl suppress and suppressions.*")
struct SuppressCommandTests {
    let ctl = DialerctlBinaryTests()

    @Test func importReportsBadLinesAndSuppressesTheRest() async throws {
        let directory = try TempSocketDirectory()
        defer { directory.remove() }
        let file = directory.path + "/opt-outs.csv"
        try Data("phone,reason\n+12125550101,asked on a call\n12\n(212) 555-0102,\n+12125550101,again\n\n2125550103,letter\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        try await withHarness { h in
            let dry = try await ctl.dialerctl(["suppress", "import", file, "--dry-run"], socket: h.socketPath)
            #expect(dry.status == 0, "stderr: \(dry.stderr)")
            #expect(dry.stdout.contains("would add 3, already suppressed 0, 1 repeated, 1 skipped"))
            #expect(try await h.store.suppressedNumbers(among: ["+12125550101"]).isEmpty, "a dry run adds nothing")

            let run = try await ctl.dialerctl(["suppress", "import", file], socket: h.socketPath)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("added 3, already suppressed 0, 1 repeated, 1 skipped"))
            #expect(run.stdout.contains("skipped line 3: \"12\" is not a phone number"))
            let first = try #require(try await h.store.activeSuppression(phoneNumber: "+12125550101"))
            #expect(first.reason == "asked on a call")
            #expect(first.source == .importFile)
            #expect(first.addedBy == "opt-outs.csv (control uid \(getuid()))")
            #expect(try await h.store.activeSuppression(phoneNumber: "+12125550102")?.reason == "imported from opt-outs.csv")

            let again = try await ctl.dialerctl(["suppress", "import", file], socket: h.socketPath)
            #expect(again.stdout.contains("added 0, already suppressed 3"), "re-importing is idempotent")
        }
    }

    @Test func addRemoveAndListKeepTheHistory() async throws {
        try await withHarness { h in
            let added = try await ctl.dialerctl(["suppress", "add", "+12125550111", "212-555-0112", "--reason", "complaint"], socket: h.socketPath)
            #expect(added.status == 0, "stderr: \(added.stderr)")
            #expect(added.stdout.contains("added 2, already suppressed 0"))
            let typo = try await ctl.dialerctl(["suppress", "add", "+12125550113", "555"], socket: h.socketPath)
            #expect(typo.status == 1)
            #expect(typo.stderr.contains("\"555\" is not a phone number"))
            #expect(try await h.store.activeSuppression(phoneNumber: "+12125550113") == nil, "a typo refuses the whole hand-typed list")

            let noReason = try await ctl.dialerctl(["suppress", "remove", "+12125550111"], socket: h.socketPath)
            #expect(noReason.status == 2, "a removal must say why")
            let removed = try await ctl.dialerctl(["suppress", "remove", "+12125550111", "--reason", "consent on file"], socket: h.socketPath)
            #expect(removed.status == 0, "stderr: \(removed.stderr)")
            #expect(removed.stdout.contains("+12125550111 removed from the suppression list"))
            let history = try await h.store.listSuppressions(SuppressionFilter(statuses: nil, phoneNumber: "+12125550111"), page: PageRequest())
            #expect(history.items.count == 1)
            #expect(history.items.first?.status == .removed)
            #expect(history.items.first?.removedBy == "control uid \(getuid())")
            #expect(history.items.first?.removalReason == "consent on file")
            let missing = try await ctl.dialerctl(["suppress", "remove", "+12125550111", "--reason", "again"], socket: h.socketPath)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("not on the suppression list"))

            let active = try await ctl.dialerctl(["suppress", "list"], socket: h.socketPath)
            #expect(active.stdout.contains("+12125550112  active"))
            #expect(!active.stdout.contains("+12125550111"))
            let all = try await ctl.dialerctl(["suppress", "list", "--all"], socket: h.socketPath)
            #expect(all.stdout.contains("+12125550111  removed"))
            #expect(all.stdout.contains("consent on file"))
        }
    }

    @Test func aCampaignImportPutsItsDoNotCallContactsOnTheList() async throws {
        try await withHarness { h in
            let imported = try await ctl.dialerctl(["import", Repository.examples("demo")], socket: h.socketPath)
            #expect(imported.status == 0, "stderr: \(imported.stderr)")
            let entry = try #require(try await h.store.activeSuppression(phoneNumber: "+12125550199"))
            #expect(entry.source == .doNotCall)
            #expect(entry.contactId != nil)
            #expect(entry.campaignId != nil)
            let listing = try await h.store.listSuppressions(SuppressionFilter(), page: PageRequest(offset: 0, limit: 100))
            #expect(listing.total == 1, "only the do-not-call contact")
        }
    }

    @Test func badArgumentsAreRefusedWithASpecificError() async throws {
        try await withHarness { h in
            try await h.connect { connection in
                let both = try await connection.request("suppressions.import", ["text": .string("+12125550101"), "path": .string("/tmp/x.csv")])
                #expect(both.code == "bad_args")
                let none = try await connection.request("suppressions.add", ["numbers": .array([])])
                #expect(none.code == "bad_args")
                #expect(none.error?.message.contains("no phone numbers") == true)
                let unknown = try await connection.request(
                    "suppressions.add",
                    ["numbers": .array([.string("+12125550101")]), "colour": .string("red")])
                #expect(unknown.code == "bad_args")
                let unreadable = try await connection.request("suppressions.import", ["path": .string("/nonexistent/list.csv")])
                #expect(unreadable.code == "bad_args")
                #expect(unreadable.error?.message.contains("cannot read") == true)
                let remove = try await connection.request("suppressions.remove", ["number": .string("nope"), "reason": .string("x")])
                #expect(remove.code == "bad_args")
                let list = try await connection.request("suppressions.list", ["limit": .int(5000)])
                #expect(list.code == "bad_args")
            }
            #expect(try await h.store.listSuppressions(SuppressionFilter(statuses: nil), page: PageRequest()).total == 0)
        }
    }
}

import DialerControl
import DialerCore
import DialerStore
import Foundation
import Testing

/// Every kind of bad input gets its own error code, changes nothing, and leaves the connection usable.
@Suite("Control socket: bad input")
struct BadInputTests {
    /// What the store holds, to show that a refused request changed nothing.
    private func snapshot(_ h: ControlHarness) async throws -> [String] {
        try await h.store.listCampaigns(statuses: nil, page: PageRequest(offset: 0, limit: 100)).items
            .map { "\($0.id!.hex) \($0.status.rawValue) \($0.stats.callsPlaced)" }.sorted()
    }

    private func expectUsable(_ connection: ControlConnection, after what: String) async throws {
        let hello = try await connection.request("hello")
        #expect(hello.ok, "the connection still answers after \(what)")
    }

    @Test func everyBadInputIsRefusedWithItsOwnCodeAndChangesNothing() async throws {
        try await withHarness(try ControlHarness(maxLineBytes: 4096)) { h in
            let active = try await h.campaign("Active", status: .active, contacts: 2)
            let completed = try await h.campaign("Completed", status: .completed)
            let before = try await snapshot(h)
            let unknown = ObjectId()

            let cases: [(what: String, line: String, code: String, id: JSONValue)] = [
                ("malformed JSON", #"{"v":1,"id":1,"cmd":"hello""#, "bad_json", .null),
                ("plain text", "pause everything now", "bad_json", .null),
                ("a JSON array", "[1,2,3]", "bad_json", .null),
                ("no cmd", #"{"v":1,"id":2}"#, "bad_request", .int(2)),
                ("an object id", #"{"v":1,"id":{"a":1},"cmd":"hello"}"#, "bad_request", .null),
                ("an unsupported version", #"{"v":2,"id":3,"cmd":"hello"}"#, "unsupported_version", .int(3)),
                ("an unknown command", #"{"v":1,"id":"x4","cmd":"campaigns.explode"}"#, "unknown_command", .string("x4")),
                ("args not an object", #"{"v":1,"id":5,"cmd":"campaigns.list","args":[1]}"#, "bad_args", .int(5)),
                ("a missing id", #"{"v":1,"id":6,"cmd":"campaigns.pause","args":{}}"#, "bad_args", .int(6)),
                ("a malformed id", #"{"v":1,"id":7,"cmd":"campaigns.pause","args":{"id":"abc"}}"#, "bad_args", .int(7)),
                (
                    "a misspelled argument", #"{"v":1,"id":8,"cmd":"campaigns.stop","args":{"id":"\#(active.hex)","hangup":true}}"#, "bad_args",
                    .int(8)
                ),
                (
                    "a wrongly typed argument", #"{"v":1,"id":9,"cmd":"campaigns.stop","args":{"id":"\#(active.hex)","hangUp":"yes"}}"#, "bad_args",
                    .int(9)
                ),
                ("an unknown campaign", #"{"v":1,"id":10,"cmd":"campaigns.pause","args":{"id":"\#(unknown.hex)"}}"#, "not_found", .int(10)),
                ("showing an unknown campaign", #"{"v":1,"id":11,"cmd":"campaigns.show","args":{"id":"\#(unknown.hex)"}}"#, "not_found", .int(11)),
                (
                    "resuming a completed campaign", #"{"v":1,"id":12,"cmd":"campaigns.resume","args":{"id":"\#(completed.hex)"}}"#,
                    "invalid_transition", .int(12)
                ),
                (
                    "starting an active campaign", #"{"v":1,"id":13,"cmd":"campaigns.start","args":{"id":"\#(active.hex)"}}"#, "invalid_transition",
                    .int(13)
                ),
                ("watching an unknown campaign", #"{"v":1,"id":14,"cmd":"watch","args":{"id":"\#(unknown.hex)"}}"#, "not_found", .int(14)),
                (
                    "an import with both path and files", #"{"v":1,"id":15,"cmd":"campaigns.import","args":{"path":"/x","files":{}}}"#, "bad_args",
                    .int(15)
                ),
                (
                    "an import of a missing directory", #"{"v":1,"id":16,"cmd":"campaigns.import","args":{"path":"/nonexistent/dir"}}"#,
                    "invalid_import", .int(16)
                ),
                (
                    "a line over the limit", #"{"v":1,"id":17,"cmd":"hello","args":{"pad":""# + String(repeating: "x", count: 5000) + #""}}"#,
                    "too_large", .null
                )
            ]
            try await h.connect { connection in
                for item in cases {
                    try await connection.sendRaw(item.line)
                    guard case .response(let response)? = try await connection.nextReply() else {
                        Issue.record("no response to \(item.what)")
                        return
                    }
                    #expect(!response.ok, "\(item.what) is refused")
                    #expect(response.code == item.code, "\(item.what)")
                    #expect(response.id == item.id, "\(item.what) is answered with the request's id")
                    #expect(response.error?.message.isEmpty == false)
                    try await expectUsable(connection, after: item.what)
                }
            }
            #expect(try await snapshot(h) == before, "no bad request changed any campaign")
            #expect(await h.provider.endRequests.isEmpty)
        }
    }

    @Test func startingAnInvalidCampaignIsRefused() async throws {
        try await withHarness { h in
            var campaign = Campaign(name: "Broken", status: .draft, settings: CampaignSettings(maxConcurrentCalls: 0), now: h.clock.now.date)
            campaign.callerId = "555-0100"
            let id = try await h.store.insertCampaign(campaign)
            try await h.connect { connection in
                let response = try await connection.request("campaigns.start", ["id": .string(id.hex)])
                #expect(response.code == "invalid_campaign")
                #expect(response.error?.message.contains("settings.maxConcurrentCalls") == true)
                #expect(response.error?.message.contains("callerId") == true)
                try await expectUsable(connection, after: "an invalid campaign")
            }
            #expect(try await h.store.campaign(id: id)?.status == .draft)
        }
    }

    @Test func anInvalidImportStoresNothingAndListsEveryProblem() async throws {
        try await withHarness { h in
            let files: [String: JSONValue] = [
                "campaign.json": .string(#"{"name": "Bad", "status": "active", "settings": {"callDelay": -5}}"#),
                "contacts.csv": .string("phoneNumber,name\n+12125550123,Ann\n2125550124,Bob\n+12125550123,Ann again\n")
            ]
            try await h.connect { connection in
                let response = try await connection.request("campaigns.import", ["files": .object(files)])
                #expect(response.code == "invalid_import")
                let issues = response.error?.issues ?? []
                #expect(
                    issues.map(\.description) == [
                        "campaign.json:1: settings.callDelay: must be between 0 and 3600000 milliseconds, got -5",
                        "contacts.csv:3: phoneNumber: must be an E.164 number such as +14155550100, got \"2125550124\"",
                        "contacts.csv:4: phoneNumber: +12125550123 is already listed on line 2; a number appears once per campaign"
                    ])
                try await expectUsable(connection, after: "an invalid import")
            }
            #expect(try await h.store.listCampaigns(statuses: nil, page: PageRequest()).total == 0)
            #expect(try await h.store.listContacts(ContactFilter(), campaign: nil, page: PageRequest()).total == 0)
        }
    }

    @Test func blankLinesAreSkippedNotAnswered() async throws {
        try await withHarness { h in
            try await h.connect { connection in
                try await connection.sendRaw(#"{"v":1,"id":1,"cmd":"hello"}"# + "\n\n   \n")
                guard case .response(let response)? = try await connection.nextReply() else {
                    Issue.record("no reply")
                    return
                }
                #expect(response.ok, "blank lines are skipped, not answered")
                try await expectUsable(connection, after: "blank lines")
            }
        }
    }
}

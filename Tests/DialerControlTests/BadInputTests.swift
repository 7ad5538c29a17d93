import DialerControl
import DialerCore
import DialerTestSupport
import Foundation
import Testing

/// Every kind of bad input gets its own error code, never reaches the backend, and leaves the
/// connection usable.
@Suite("Control socket: bad input")
struct BadInputTests {
    private func expectUsable(_ connection: ControlConnection, after what: String) async throws {
        let hello = try await connection.request("hello")
        #expect(hello.ok, "the connection still answers after \(what)")
    }

    @Test func everyBadInputIsRefusedWithItsOwnCodeAndChangesNothing() async throws {
        try await withSocket(try SocketHarness(maxLineBytes: 4096)) { h in
            let someCampaign = ObjectId()

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
                    "a misspelled argument", #"{"v":1,"id":8,"cmd":"campaigns.stop","args":{"id":"\#(someCampaign.hex)","hangup":true}}"#, "bad_args",
                    .int(8)
                ),
                (
                    "a wrongly typed argument", #"{"v":1,"id":9,"cmd":"campaigns.stop","args":{"id":"\#(someCampaign.hex)","hangUp":"yes"}}"#,
                    "bad_args",
                    .int(9)
                ),
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
            #expect(h.backend.calls.isEmpty, "no bad request reached the backend")
        }
    }

    @Test func anInvalidImportStoresNothingAndListsEveryProblem() async throws {
        try await withSocket { h in
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
            #expect(h.backend.calls.isEmpty, "an import with problems is refused before the backend stores anything")
        }
    }

    @Test func blankLinesAreSkippedNotAnswered() async throws {
        try await withSocket { h in
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

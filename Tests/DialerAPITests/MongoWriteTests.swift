import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("API: write routes on the test database") struct MongoWriteTests {
    static func body(_ json: String) -> [UInt8] { Array(json.utf8) }

    @Test func writeRoutesOnMongo() async throws {
        let store = try await TestDatabase.freshStore()
        try await APIHarness.with(store: store) { api in
            let world = try await SeededWorld.make(in: store, status: .paused)
            let campaignId = world.campaign.id!.hex
            #expect(try await api.request("POST", "/api/db/calls", body: Self.body(#"{"to":"+14155550177","callSid":"CA-m"}"#)).status == 201)
            #expect(try await api.request("POST", "/api/db/calls", body: Self.body(#"{"to":"+14155550177","callSid":"CA-m"}"#)).status == 409)
            #expect(try await api.request("DELETE", "/api/db/calls/CA-m").status == 409)
            #expect(try await api.request("DELETE", "/api/db/calls/\(world.calls[0].callSid!)").status == 200)

            let sid = world.calls[1].callSid!
            #expect(
                try await api.request("POST", "/api/db/recordings", body: Self.body(#"{"recordingSid":"RE1","callSid":"\#(sid)"}"#)).status == 409)
            #expect(
                try await api.request("POST", "/api/db/recordings", body: Self.body(#"{"recordingSid":"RE7","callSid":"\#(sid)"}"#)).status == 201)
            #expect(try api.json(try await api.get("/api/db/recordings?callSid=\(sid)"))["total"] as? Int == 1)
            #expect(try await api.request("POST", "/api/db/transcripts", body: Self.body(#"{"callSid":"\#(sid)","summary":"S"}"#)).status == 201)
            #expect(try await api.request("POST", "/api/db/transcripts", body: Self.body(#"{"callSid":"\#(sid)"}"#)).status == 409)
            #expect(try await api.request("PUT", "/api/db/transcripts/\(sid)", body: Self.body(#"{"summary":"T"}"#)).status == 200)
            #expect(try await store.transcript(callSid: sid)?.summary == "T")
            #expect(try api.json(try await api.get("/api/db/call-events?eventType=status-change"))["total"] as? Int == 1)

            let created = try api.json(try await api.request("POST", "/api/db/campaigns", body: Self.body(#"{"name":"M","status":"draft"}"#)))
            let draftId = try #require(created["_id"] as? String)
            #expect(try await api.request("PUT", "/api/db/campaigns/\(draftId)", body: Self.body(#"{"settings":{"retryCount":3}}"#)).status == 200)
            #expect(try await store.campaign(id: ObjectId(hex: draftId)!)?.settings.retryCount == 3)
            #expect(try await api.request("DELETE", "/api/db/campaigns/\(campaignId)").status == 409)
            #expect(try await store.campaign(id: world.campaign.id!) != nil)

            let contact = try api.json(try await api.request("POST", "/api/db/contacts", body: Self.body(#"{"phoneNumber":"(415) 555-0160"}"#)))
            let contactId = try #require(contact["_id"] as? String)
            #expect(try await api.request("PUT", "/api/db/contacts/\(contactId)", body: Self.body(#"{"name":"Mo"}"#)).status == 200)
            #expect(try await api.request("POST", "/api/db/contacts/\(contactId)/tags", body: Self.body(#"{"tags":["a"]}"#)).status == 200)
            #expect(try api.json(try await api.get("/api/db/contacts/phone/4155550160"))["name"] as? String == "Mo")
            let added = try api.json(
                try await api.request("POST", "/api/db/campaigns/\(draftId)/contacts", body: Self.body(#"{"contactIds":["\#(contactId)"]}"#)))
            #expect(added["added"] as? [String] == [contactId])
            let csv = try CSVTable.parse(text(try await api.get("/api/db/campaigns/\(draftId)/contacts/export.csv"))).filter { $0 != [""] }
            #expect(csv.count == 2)
            let removed = try api.json(
                try await api.request("DELETE", "/api/db/campaigns/\(draftId)/contacts", body: Self.body(#"{"contactIds":["\#(contactId)"]}"#)))
            #expect(removed["removed"] as? [String] == [contactId])
            #expect(try await api.request("DELETE", "/api/db/contacts/\(world.contacts[2].id!.hex)").status == 409)
            #expect(try await api.request("DELETE", "/api/db/contacts/\(contactId)").status == 200)
            #expect(try await api.request("DELETE", "/api/db/campaigns/\(draftId)").status == 200)

            let report = try api.json(
                try await api.request(
                    "POST", "/api/db/contacts/import", body: Self.body(#"{"contacts":[{"phoneNumber":"415 555 0170"},{"phoneNumber":"x"}]}"#)))
            #expect((report["inserted"] as? [[String: Any]])?.count == 1)
            #expect((report["rejected"] as? [[String: Any]])?.first?["index"] as? Int == 1)
            #expect(try await store.contact(phoneNumber: "+14155550170") != nil)
        }
    }
}

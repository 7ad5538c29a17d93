import DialerCore
import DialerOperator
import DialerStore
import Foundation
import Testing

@testable import DialerAPI

/// The write routes of seed 001 over loopback: each family's success, validation failure, 404, and
/// 409 refusal read back to show that it changed nothing.
@Suite("API: write routes over loopback") struct WriteRouteTests {
    static func body(_ json: String) -> [UInt8] { Array(json.utf8) }

    @Test func callsCreateAndDelete() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let created = try await api.request(
                "POST", "/api/db/calls",
                body: Self.body(
                    #"{"to":"+14155550177","callSid":"CA-new","status":"completed","campaignId":"\#(world.campaign.id!.hex)","duration":30}"#))
            #expect(created.status == 201)
            #expect(try api.json(created)["status"] as? String == "completed")
            #expect(try await api.store.call(.callSid("CA-new"))?.campaignId == world.campaign.id)

            for (json, message) in [
                (#"{"to":"4155550177"}"#, "to must match"), (#"{"to":"+14155550177","duration":"long"}"#, "duration must be a whole number"),
                (#"{"to":"+14155550177","campaignId":"650000000000000000000009"}"#, "campaignId names no stored document"),
                (#"{"to":"+14155550177","colour":"red"}"#, "unknown field \"colour\""),
                (#"{"to":"+14155550177","status":"done"}"#, "status must be one of")
            ] {
                let refused = try await api.request("POST", "/api/db/calls", body: Self.body(json))
                // A body that fits the schema but names no stored document is 422; one that breaks it, 400.
                #expect(refused.status == (message.hasSuffix("names no stored document") ? 422 : 400), "\(json)")
                #expect((try api.json(refused)["message"] as? String)?.contains(message) == true, "\(json): \(text(refused))")
            }
            let duplicate = try await api.request("POST", "/api/db/calls", body: Self.body(#"{"to":"+14155550177","callSid":"CA-new"}"#))
            #expect(duplicate.status == 409)
            #expect(try api.json(duplicate)["code"] as? String == "ALREADY_EXISTS")
            #expect(try await api.store.countCalls(CallFilter()) == 5)

            let live = world.calls[2].callSid!
            let refused = try await api.request("DELETE", "/api/db/calls/\(live)")
            #expect(refused.status == 409)
            #expect(try api.json(refused)["code"] as? String == "LIVE_CALL")
            #expect(try api.json(refused)["message"] as? String == "call \"\(live)\" is in-progress: a live call cannot be deleted; nothing changed")
            #expect(try await api.store.call(.callSid(live))?.status == .inProgress)
            #expect(try await api.request("DELETE", "/api/db/calls/CA-new").status == 200)
            #expect(try await api.store.call(.callSid("CA-new")) == nil)
            #expect(try await api.request("DELETE", "/api/db/calls/CA-new").status == 404)
            #expect(try await api.request("DELETE", "/api/db/calls/CA-new", scope: .operate).status == 403)
        }
    }

    @Test func recordingsListFindCreateDelete() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let sid = world.calls[0].callSid!
            let created = try await api.request(
                "POST", "/api/db/recordings", body: Self.body(#"{"recordingSid":"RE2","callSid":"\#(sid)","duration":12,"status":"in-progress"}"#))
            #expect(created.status == 201)
            let page = try api.json(try await api.get("/api/db/recordings?callSid=\(sid)&status=completed"))
            #expect(page["total"] as? Int == 1)
            #expect((page["items"] as? [[String: Any]])?.first?["recordingSid"] as? String == "RE1")
            #expect(try api.json(try await api.get("/api/db/recordings?limit=1"))["total"] as? Int == 2)
            #expect(try api.json(try await api.get("/api/db/recordings/RE2"))["duration"] as? Int == 12)
            #expect(try await api.get("/api/db/recordings/RE9").status == 404)
            #expect(try await api.get("/api/db/recordings?from=yesterday").status == 400)

            let duplicate = try await api.request(
                "POST", "/api/db/recordings", body: Self.body(#"{"recordingSid":"RE1","callSid":"\#(sid)","duration":1}"#))
            #expect(duplicate.status == 409)
            #expect(try await api.store.recording(recordingSid: "RE1")?.duration == 90)
            let orphan = try await api.request("POST", "/api/db/recordings", body: Self.body(#"{"recordingSid":"RE3","callSid":"CA-none"}"#))
            #expect(orphan.status == 422, "a schema-valid body naming no stored call")
            #expect(try await api.request("POST", "/api/db/recordings", body: Self.body(#"{"recordingSid":"RE3"}"#)).status == 400)

            #expect(try await api.request("DELETE", "/api/db/recordings/RE2").status == 200)
            #expect(try await api.store.recording(recordingSid: "RE2") == nil)
            #expect(try await api.request("DELETE", "/api/db/recordings/RE2").status == 404)
        }
    }

    @Test func transcriptsCreateAndUpdate() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let had = world.calls[0].callSid!
            let refused = try await api.request("POST", "/api/db/transcripts", body: Self.body(#"{"callSid":"\#(had)","summary":"Other"}"#))
            #expect(refused.status == 409)
            #expect(try await api.store.transcript(callSid: had)?.summary == "Greeted")

            let fresh = world.calls[1].callSid!
            let created = try await api.request(
                "POST", "/api/db/transcripts",
                body: Self.body(#"{"callSid":"\#(fresh)","transcript":[{"role":"agent","message":"Hi","timeInCallSecs":0.2}]}"#))
            #expect(created.status == 201)
            let nested = try await api.request(
                "POST", "/api/db/transcripts", body: Self.body(#"{"callSid":"\#(fresh)","transcript":[{"role":"agent","tone":"warm"}]}"#))
            #expect(nested.status == 400)
            #expect((try api.json(nested)["message"] as? String)?.hasPrefix("unknown field \"transcript[0].tone\"") == true)

            let updated = try await api.request("PUT", "/api/db/transcripts/\(had)", body: Self.body(#"{"summary":"Greeted twice"}"#))
            #expect(updated.status == 200)
            let stored = try await api.store.transcript(callSid: had)
            #expect(stored?.summary == "Greeted twice")
            #expect(stored?.transcript.first?.message == "Hello")
            #expect(try await api.request("PUT", "/api/db/transcripts/CA-none", body: Self.body(#"{"summary":"x"}"#)).status == 404)
            #expect(try await api.request("PUT", "/api/db/transcripts/\(had)", body: Self.body("{}")).status == 422)
            #expect(try await api.request("PUT", "/api/db/transcripts/\(had)", body: Self.body(#"{"callSid":"x"}"#)).status == 400)
        }
    }

    @Test func callEventsByType() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            _ = try await api.store.appendCallEvent(
                CallEvent(
                    callSid: world.calls[1].callSid!, eventType: "dtmf", timestamp: APIHarness.t0, data: [:], sequenceNumber: 2, now: APIHarness.t0))
            let byType = try api.json(try await api.get("/api/db/call-events?eventType=status-change"))
            #expect(byType["total"] as? Int == 1)
            #expect((byType["items"] as? [[String: Any]])?.first?["callSid"] as? String == world.calls[0].callSid)
            #expect(try api.json(try await api.get("/api/db/call-events"))["total"] as? Int == 2)
            #expect(try api.json(try await api.get("/api/db/call-events?callSid=\(world.calls[1].callSid!)"))["total"] as? Int == 1)
            #expect(try await api.get("/api/db/call-events?kind=dtmf").status == 400)
        }
    }

    @Test func campaignsCreateEditDelete() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let created = try await api.request(
                "POST", "/api/db/campaigns", body: Self.body(#"{"name":"Autumn","settings":{"callDelay":1000,"maxConcurrentCalls":2}}"#))
            #expect(created.status == 201, "\(text(created))")
            let draft = try api.json(created)
            #expect(draft["status"] as? String == "draft")
            let draftId = try #require(draft["_id"] as? String)
            #expect((draft["settings"] as? [String: Any])?["callDelay"] as? Int == 1000)

            let bad = try await api.request(
                "POST", "/api/db/campaigns", body: Self.body(#"{"name":"X","settings":{"callDelay":-5,"callDely":3},"status":"paused"}"#))
            #expect(bad.status == 422)
            let badBody = try api.json(bad)
            #expect(badBody["code"] as? String == "INVALID_IMPORT")
            let message = try #require(badBody["message"] as? String)
            #expect(message.contains("settings.callDely: unknown field"), "\(message)")
            #expect(message.contains("settings.callDelay: "), "\(message)")
            #expect(message.contains("status: an import creates a \"draft\" or \"active\" campaign"), "\(message)")
            #expect(try await api.store.listCampaigns(statuses: nil, page: PageRequest()).total == 2)

            let edited = try await api.request("PUT", "/api/db/campaigns/\(draftId)", body: Self.body(#"{"description":"Fall push"}"#))
            #expect(edited.status == 200)
            let stored = try #require(try await api.store.campaign(id: ObjectId(hex: draftId)!))
            #expect(stored.description == "Fall push")
            #expect(stored.settings.callDelay == 1000)
            let invalid = try await api.request("PUT", "/api/db/campaigns/\(draftId)", body: Self.body(#"{"settings":{"maxConcurrentCalls":0}}"#))
            #expect(invalid.status == 422)
            #expect((try api.json(invalid)["message"] as? String)?.contains("settings.maxConcurrentCalls") == true)
            #expect(try await api.store.campaign(id: ObjectId(hex: draftId)!) == stored)
            #expect(try await api.request("PUT", "/api/db/campaigns/\(draftId)", body: Self.body(#"{"status":"active"}"#)).status == 400)
            #expect(try await api.request("PUT", "/api/db/campaigns/\(draftId)", body: Self.body(#"{"name":null}"#)).status == 400)

            let activeId = world.campaign.id!.hex
            let running = try await api.request("PUT", "/api/db/campaigns/\(activeId)", body: Self.body(#"{"name":"Renamed"}"#))
            #expect(running.status == 409)
            #expect(try api.json(running)["code"] as? String == "CAMPAIGN_NOT_EDITABLE")
            #expect(try await api.store.campaign(id: world.campaign.id!)?.name == "Spring outreach")
            #expect(try await api.request("PUT", "/api/db/campaigns/650000000000000000000009", body: Self.body(#"{"name":"X"}"#)).status == 404)
            #expect(try await api.request("PUT", "/api/db/campaigns/not-an-id", body: Self.body(#"{"name":"X"}"#)).status == 400)

            let inFlight = try await api.request("DELETE", "/api/db/campaigns/\(activeId)")
            #expect(inFlight.status == 409)
            #expect(try api.json(inFlight)["code"] as? String == "CALLS_IN_FLIGHT")
            #expect(try await api.store.campaign(id: world.campaign.id!)?.contactIds.count == 3)
            #expect(try await api.request("POST", "/api/db/campaigns/\(draftId)/start", scope: .operate).status == 200)
            let active = try await api.request("DELETE", "/api/db/campaigns/\(draftId)")
            #expect(active.status == 409)
            #expect(try api.json(active)["code"] as? String == "CAMPAIGN_ACTIVE")
            #expect(try await api.store.campaign(id: ObjectId(hex: draftId)!)?.status == .active)
            #expect(try await api.request("POST", "/api/db/campaigns/\(draftId)/pause", scope: .operate).status == 200)
            #expect(try await api.request("DELETE", "/api/db/campaigns/\(draftId)").status == 200)
            #expect(try await api.store.campaign(id: ObjectId(hex: draftId)!) == nil)
            #expect(try await api.request("DELETE", "/api/db/campaigns/\(draftId)").status == 404)
        }
    }

    @Test func campaignMembershipAndExport() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store, status: .paused)
            let id = world.campaign.id!.hex
            var members: [Contact] = []
            for n in 0..<1203 {
                members.append(Contact(id: ObjectId(date: APIHarness.t0), phoneNumber: "+1415666\(String(format: "%04d", n))", now: APIHarness.t0))
            }
            _ = try await api.store.insertContacts(members)
            let ids = members.map { "\"\($0.id!.hex)\"" }.joined(separator: ",")
            let tooMany = try await api.request("POST", "/api/db/campaigns/\(id)/contacts", body: Self.body(#"{"contactIds":[\#(ids)]}"#))
            #expect(tooMany.status == 400)
            #expect(try await api.store.campaign(id: world.campaign.id!)?.contactIds.count == 3)

            let some = members.prefix(2).map { "\"\($0.id!.hex)\"" } + ["\"\(world.contacts[0].id!.hex)\"", "\"650000000000000000000009\""]
            let addition = try api.json(
                try await api.request(
                    "POST", "/api/db/campaigns/\(id)/contacts", body: Self.body(#"{"contactIds":[\#(some.joined(separator: ","))]}"#)))
            #expect((addition["added"] as? [String]) == members.prefix(2).map { $0.id!.hex })
            #expect((addition["alreadyMembers"] as? [String]) == [world.contacts[0].id!.hex])
            #expect((addition["unknown"] as? [String]) == ["650000000000000000000009"])
            #expect(try await api.store.campaign(id: world.campaign.id!)?.stats.totalContacts == 5)
            #expect(
                try await api.request("POST", "/api/db/campaigns/\(id)/contacts", body: Self.body(#"{"contactIds":["nope"]}"#)).status == 400)
            #expect(
                try await api.request(
                    "POST", "/api/db/campaigns/650000000000000000000009/contacts", body: Self.body(#"{"contactIds":[\#(some[0])]}"#)
                )
                .status == 404)

            let removal = try api.json(
                try await api.request(
                    "DELETE", "/api/db/campaigns/\(id)/contacts",
                    body: Self.body(#"{"contactIds":["\#(members[0].id!.hex)","\#(members[5].id!.hex)"]}"#)))
            #expect((removal["removed"] as? [String]) == [members[0].id!.hex])
            #expect((removal["notMembers"] as? [String]) == [members[5].id!.hex])
            #expect(try await api.store.campaign(id: world.campaign.id!)?.contactIds.contains(members[0].id!) == false)

            // Members beyond one scan page: every one once, in order.
            let more = members.dropFirst(2).map { "\"\($0.id!.hex)\"" }
            for chunk in stride(from: 0, to: more.count, by: 1000) {
                let slice = more[chunk..<min(chunk + 1000, more.count)].joined(separator: ",")
                #expect(
                    try await api.request("POST", "/api/db/campaigns/\(id)/contacts", body: Self.body(#"{"contactIds":[\#(slice)]}"#)).status == 200)
            }
            let csv = try await api.get("/api/db/campaigns/\(id)/contacts/export.csv")
            #expect(csv.status == 200)
            let rows = try CSVTable.parse(text(csv)).filter { $0 != [""] }
            #expect(rows.first?.prefix(3) == ["_id", "phoneNumber", "name"])
            #expect(rows.count == 1 + 3 + 1202)
            #expect(Set(rows.dropFirst().map { $0[0] }).count == 1205)
            #expect(try await api.get("/api/db/campaigns/650000000000000000000009/contacts/export.csv").status == 404)
        }
    }

    @Test func contactsWrites() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let found = try await api.get("/api/db/contacts/phone/(415)%20555-0101")
            #expect(found.status == 200)
            #expect(try api.json(found)["_id"] as? String == world.contacts[1].id!.hex)
            #expect(try await api.get("/api/db/contacts/phone/%2B14155550199").status == 404)
            #expect(try await api.get("/api/db/contacts/phone/banana").status == 404, "text that reads as no number finds no contact")

            let created = try await api.request(
                "POST", "/api/db/contacts", body: Self.body(#"{"phoneNumber":"415-555-0142","name":"Ada","tags":["new"]}"#))
            #expect(created.status == 201, "\(text(created))")
            let contact = try api.json(created)
            #expect(contact["phoneNumber"] as? String == "+14155550142")
            let id = try #require(contact["_id"] as? String)
            let badEmail = try await api.request("POST", "/api/db/contacts", body: Self.body(#"{"phoneNumber":"+14155550143","email":"ada"}"#))
            #expect(badEmail.status == 422)
            #expect((try api.json(badEmail)["message"] as? String)?.contains("email: is not an email address") == true)
            #expect(
                try await api.request("POST", "/api/db/contacts", body: Self.body(#"{"phoneNumber":"+14155550143","priority":"high"}"#)).status == 400
            )
            #expect(
                try await api.request("POST", "/api/db/contacts", body: Self.body(#"{"phoneNumber":"+14155550143","campaignIds":[]}"#)).status == 400)

            let edited = try await api.request("PUT", "/api/db/contacts/\(id)", body: Self.body(#"{"name":"Ada L.","priority":7}"#))
            #expect(edited.status == 200)
            let stored = try #require(try await api.store.contact(id: ObjectId(hex: id)!))
            #expect(stored.name == "Ada L." && stored.priority == 7 && stored.tags == ["new"] && stored.phoneNumber == "+14155550142")
            let invalid = try await api.request("PUT", "/api/db/contacts/\(id)", body: Self.body(#"{"phoneNumber":"12"}"#))
            #expect(invalid.status == 422)
            #expect(try await api.store.contact(id: ObjectId(hex: id)!) == stored)
            #expect(try await api.request("PUT", "/api/db/contacts/650000000000000000000009", body: Self.body(#"{"name":"X"}"#)).status == 404)

            let tagged = try api.json(try await api.request("POST", "/api/db/contacts/\(id)/tags", body: Self.body(#"{"tags":["vip","new"]}"#)))
            #expect(tagged["tags"] as? [String] == ["new", "vip"])
            let untagged = try api.json(try await api.request("DELETE", "/api/db/contacts/\(id)/tags", body: Self.body(#"{"tags":["new"]}"#)))
            #expect(untagged["tags"] as? [String] == ["vip"])
            #expect(try await api.request("POST", "/api/db/contacts/\(id)/tags", body: Self.body(#"{"tags":[" "]}"#)).status == 400)

            let live = try await api.request("DELETE", "/api/db/contacts/\(world.contacts[2].id!.hex)")
            #expect(live.status == 409)
            #expect(try api.json(live)["code"] as? String == "LIVE_CALL")
            #expect(try await api.store.contact(id: world.contacts[2].id!) != nil)
            #expect(try await api.request("DELETE", "/api/db/contacts/\(id)").status == 200)
            #expect(try await api.store.contact(id: ObjectId(hex: id)!) == nil)
            #expect(try await api.request("DELETE", "/api/db/contacts/\(id)").status == 404)
        }
    }

    @Test func contactImportReportsBadRecordsByIndex() async throws {
        try await APIHarness.with { api in
            let response = try await api.request(
                "POST", "/api/db/contacts/import",
                body: Self.body(
                    #"{"contacts":[{"phoneNumber":"(415) 555-0150","name":"A"},{"phoneNumber":"call me"},{"phoneNumber":"+14155550150"},"#
                        + #""text",{"phoneNumber":"+14155550151","priority":11},{"phoneNumber":"0044 20 7946 0958","status":"inactive"}]}"#))
            #expect(response.status == 200, "\(text(response))")
            let report = try api.json(response)
            #expect(report["received"] as? Int == 6)
            let inserted = try #require(report["inserted"] as? [[String: Any]])
            #expect(inserted.map { $0["index"] as? Int } == [0, 5])
            #expect(inserted.map { $0["phoneNumber"] as? String } == ["+14155550150", "+442079460958"])
            let rejected = try #require(report["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["index"] as? Int } == [1, 2, 3, 4])
            let problems = rejected.map { ($0["problems"] as? [String])?.first ?? "" }
            #expect(problems[0].hasPrefix("phoneNumber: must be an E.164 number"), "\(problems)")
            #expect(problems[1].contains("is already given by record 0"), "\(problems)")
            #expect(problems[2].contains("must be a contact object"), "\(problems)")
            #expect(problems[3].hasPrefix("priority: must be between 0 and 10"), "\(problems)")
            #expect(try await api.store.contact(phoneNumber: "+14155550150")?.name == "A")
            #expect(try await api.store.listContacts(ContactFilter(), campaign: nil, page: PageRequest()).total == 2)
            #expect(try await api.request("POST", "/api/db/contacts/import", body: Self.body(#"{"contacts":[]}"#)).status == 400)
            #expect(try await api.request("POST", "/api/db/contacts/import", body: Self.body(#"[{"phoneNumber":"+14155550152"}]"#)).status == 400)
        }
    }
}

@Suite("API: write bodies are documented by the import's own field lists") struct WriteBodySchemaTests {
    @Test func campaignAndContactBodiesNameTheImportsFields() {
        #expect(Set(CampaignDocument.schema(creating: true).propertyNames ?? []) == DocumentChecks.campaignFields)
        #expect(Set(CampaignDocument.schema(creating: false).propertyNames ?? []) == CampaignDocument.editableFields)
        #expect(Set(CampaignDocument.settings.propertyNames ?? []) == DocumentChecks.settingsFields)
        #expect(Set(ContactDocument.schema(creating: true).propertyNames ?? []) == DocumentChecks.contactFields)
    }

    @Test func everyEditableFieldIsCopiedIntoTheChanges() {
        let campaign = Campaign(name: "n", now: APIHarness.t0)
        for field in CampaignDocument.editableFields {
            var changes = CampaignChanges()
            var full = campaign
            full.description = "d"
            full.prompt = "p"
            full.firstMessage = "f"
            full.callerId = "+14155550100"
            full.region = "us1"
            full.sheetInfo = CampaignSheetInfo()
            full.nextExecution = APIHarness.t0
            full.provider = .twilio
            full.agentId = "a"
            full.agentPhoneNumberId = "p"
            full.defaultTimeZone = "UTC"
            full.callingWindow = .usTCPA
            CampaignDocument.copy(field, from: full, into: &changes)
            #expect(!changes.isEmpty, "\(field)")
        }
        var contact = Contact(phoneNumber: "+14155550100", now: APIHarness.t0)
        contact.name = "n"
        contact.email = "e@x.io"
        contact.notes = "n"
        contact.sheetInfo = ContactSheetInfo(spreadsheetId: nil, sheetName: nil, rowIndex: 2)
        for field in DocumentChecks.contactFields {
            var changes = ContactChanges()
            ContactDocument.copy(field, from: contact, into: &changes)
            #expect(!changes.isEmpty, "\(field)")
        }
    }
}

import DialerCore
import DialerStore
import Foundation
import Testing

@Suite("API: each route family over loopback") struct RouteFamilyTests {
    @Test func callsListFilterPageAndFind() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let all = try api.json(try await api.get("/api/db/calls?limit=2"))
            #expect(all["total"] as? Int == 4)
            #expect(all["page"] as? Int == 1)
            #expect(all["limit"] as? Int == 2)
            let items = try #require(all["items"] as? [[String: Any]])
            #expect(items.map { $0["attemptId"] as? String } == ["attempt-3", "attempt-2"])
            let second = try api.json(try await api.get("/api/db/calls?limit=2&page=2"))
            #expect((second["items"] as? [[String: Any]])?.map { $0["attemptId"] as? String } == ["attempt-1", "attempt-0"])
            let completed = try api.json(try await api.get("/api/db/calls?status=completed"))
            #expect(completed["total"] as? Int == 1)
            let byPhone = try api.json(try await api.get("/api/db/calls?phone=%2B14155550100"))
            #expect(byPhone["total"] as? Int == 2)
            let byContact = try api.json(
                try await api.get("/api/db/calls?contactId=\(world.contacts[1].id!.hex)&campaignId=\(world.campaign.id!.hex)"))
            #expect(byContact["total"] as? Int == 1)
            let window = try api.json(
                try await api.get("/api/db/calls?from=\(iso(APIHarness.t0.addingTimeInterval(30)))&to=\(iso(APIHarness.t0.addingTimeInterval(150)))"))
            #expect(window["total"] as? Int == 2)
            let one = try api.json(try await api.get("/api/db/calls/\(world.calls[0].callSid!)"))
            #expect(one["_id"] as? String == world.calls[0].id!.hex)
            #expect(one["status"] as? String == "completed")
            #expect(one["createdAt"] as? String == "2026-09-21T14:13:20.000Z")
            let byAttempt = try await api.get("/api/db/calls/attempt-2")
            #expect(try api.json(byAttempt)["status"] as? String == "in-progress")
            #expect(try await api.get("/api/db/calls/CA-missing").status == 404)
        }
    }

    @Test func statusMovesForwardOnlyAndSaysSo() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let sid = world.calls[2].callSid!
            func put(_ status: String) async throws -> (Int, [String: Any]) {
                let response = try await api.request("PUT", "/api/db/calls/\(sid)/status", body: Array(#"{"status":"\#(status)"}"#.utf8))
                return (response.status, try api.json(response))
            }
            let (backStatus, back) = try await put("ringing")
            #expect(backStatus == 409)
            #expect(back["code"] as? String == "INVALID_TRANSITION")
            #expect(back["message"] as? String == "call status moves forward only: it is in-progress, which ringing may not replace; nothing changed")
            #expect(try await api.store.call(.callSid(sid))?.status == .inProgress)
            let (sameStatus, same) = try await put("in-progress")
            #expect(sameStatus == 200)
            #expect(same["changed"] as? Bool == false)
            let (forwardStatus, forward) = try await put("completed")
            #expect(forwardStatus == 200)
            #expect(forward["changed"] as? Bool == true)
            #expect((forward["call"] as? [String: Any])?["status"] as? String == "completed")
            #expect(try await api.store.call(.callSid(sid))?.status == .completed)
            let (unknownStatus, unknown) = try await put("finished")
            #expect(unknownStatus == 400)
            #expect(unknown["code"] as? String == "BAD_ARGS")
            #expect((unknown["message"] as? String)?.hasPrefix("status must be one of queued, initiated,") == true)
        }
    }

    @Test func artifactsOfACall() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let sid = world.calls[0].callSid!
            let recordings =
                try JSONSerialization.jsonObject(with: Data(try await api.get("/api/db/calls/\(sid)/recordings").body)) as? [[String: Any]]
            #expect(recordings?.map { $0["recordingSid"] as? String } == ["RE1"])
            let events = try JSONSerialization.jsonObject(with: Data(try await api.get("/api/db/calls/\(sid)/events").body)) as? [[String: Any]]
            #expect(events?.map { $0["eventType"] as? String } == ["status-change"])
            let transcript = try api.json(try await api.get("/api/db/transcripts/\(sid)"))
            #expect(transcript["summary"] as? String == "Greeted")
            let missing = try await api.get("/api/db/transcripts/\(world.calls[1].callSid!)")
            #expect(missing.status == 404)
            #expect(try api.json(missing)["message"] as? String == "no transcript for call \"\(world.calls[1].callSid!)\"")
        }
    }

    @Test func campaignsReadAndActThroughTheBackend() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let id = world.campaign.id!.hex
            let list = try api.json(try await api.get("/api/db/campaigns?status=active"))
            #expect(list["total"] as? Int == 1)
            #expect(try api.json(try await api.get("/api/db/campaigns?status=paused"))["total"] as? Int == 0)
            #expect(try api.json(try await api.get("/api/db/campaigns/\(id)"))["name"] as? String == "Spring outreach")
            let stats = try api.json(try await api.get("/api/db/campaigns/\(id)/stats"))
            #expect((stats["stats"] as? [String: Any])?["totalContacts"] as? Int == 3)
            #expect(stats["inFlight"] as? Int == 2)
            #expect((stats["dialStates"] as? [String: Int])?["pending"] == 0)
            let contacts = try api.json(try await api.get("/api/db/campaigns/\(id)/contacts?limit=2"))
            #expect(contacts["total"] as? Int == 3)
            #expect((contacts["items"] as? [Any])?.count == 2)

            let paused = try await api.request("POST", "/api/db/campaigns/\(id)/pause", scope: .operate)
            #expect(paused.status == 200)
            #expect(try api.json(paused)["status"] as? String == "paused")
            #expect(try await api.store.campaign(id: world.campaign.id!)?.status == .paused)
            let again = try await api.request("POST", "/api/db/campaigns/\(id)/pause", scope: .operate)
            #expect(again.status == 409)
            #expect(try api.json(again)["code"] as? String == "INVALID_TRANSITION")
            #expect(try await api.request("POST", "/api/db/campaigns/\(id)/resume", scope: .operate, body: Array("{}".utf8)).status == 200)
            let stopped = try await api.request("POST", "/api/db/campaigns/\(id)/stop", scope: .operate, body: Array(#"{"hangUp":true}"#.utf8))
            #expect(stopped.status == 200)
            #expect((try api.json(stopped)["campaign"] as? [String: Any])?["status"] as? String == "cancelled")
            #expect(
                api.backend.actions == [
                    "pause \(id) by api key operate-key", "resume \(id) by api key operate-key", "stop+hangUp \(id) by api key operate-key"
                ])
            let missing = try await api.request("POST", "/api/db/campaigns/650000000000000000000001/start", scope: .operate)
            #expect(missing.status == 404)
        }
    }

    @Test func contactsReadAndTheirCalls() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            #expect(try api.json(try await api.get("/api/db/contacts"))["total"] as? Int == 3)
            #expect(try api.json(try await api.get("/api/db/contacts?tag=vip"))["total"] as? Int == 1)
            #expect(try api.json(try await api.get("/api/db/contacts?phone=%2B14155550102"))["total"] as? Int == 1)
            #expect(try api.json(try await api.get("/api/db/contacts?campaignId=\(world.campaign.id!.hex)&status=active"))["total"] as? Int == 3)
            let contact = world.contacts[0].id!.hex
            #expect(try api.json(try await api.get("/api/db/contacts/\(contact)"))["phoneNumber"] as? String == "+14155550100")
            let calls = try api.json(try await api.get("/api/db/contacts/\(contact)/calls"))
            #expect(calls["total"] as? Int == 2)
        }
    }

    @Test func seed000Routes() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let recent = try api.json(try await api.get("/api/v1/mongo/calls/recent?page=1"))
            #expect(recent["total"] as? Int == 4)
            #expect(recent["page_size"] as? Int == 10)
            #expect(recent["total_pages"] as? Int == 1)
            let first = try #require((recent["calls"] as? [[String: Any]])?.first)
            #expect(first["status"] as? String == "pending")
            #expect(first["phone_number"] as? String == world.calls[3].to)
            let oldest = try api.json(try await api.get("/api/v1/mongo/calls/oldest"))
            #expect((oldest["calls"] as? [[String: Any]])?.first?["call_id"] as? String == world.calls[0].callSid)
            for (path, total) in [("successful", 1), ("failed", 1), ("pending", 1), ("by-status/in_progress", 1), ("by-duration?min_duration=60", 1)]
            {
                #expect(try api.json(try await api.get("/api/v1/mongo/calls/\(path)"))["total"] as? Int == total, "\(path)")
            }
            #expect(try api.json(try await api.get("/api/v1/mongo/calls/recent?page=2"))["calls"] as? [Any] != nil)
            let one = try api.json(try await api.get("/api/v1/mongo/calls/\(world.calls[0].callSid!)"))
            #expect(one["id"] as? String == world.calls[0].id!.hex)
            #expect(one["duration"] as? Int == 95)
            let stats = try api.json(try await api.get("/api/v1/mongo/calls/stats"))
            #expect(stats["total_calls"] as? Int == 4)
            #expect(stats["by_status"] as? [String: Int] == ["pending": 1, "in_progress": 1, "completed": 1, "failed": 1])
            #expect(stats["average_duration"] as? Double == 95)
            #expect(stats["success_rate"] as? Double == 0.5)
        }
    }

    @Test func csvExportStreamsMoreRowsThanOnePage() async throws {
        try await APIHarness.with { api in
            let campaign = ObjectId(date: APIHarness.t0)
            for n in 0..<1203 {
                var call = Call(
                    attemptId: "bulk-\(n)", provider: .twilio, attempt: 1, status: n % 3 == 0 ? .completed : .failed, from: nil,
                    to: "+14155550100", campaignId: campaign, now: APIHarness.t0.addingTimeInterval(Double(n % 7)))
                call.contactName = n == 5 ? "Quote \"me\", please" : nil
                _ = try await api.store.insertCall(call)
            }
            let response = try await api.get("/api/db/calls/export.csv?campaignId=\(campaign.hex)")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
            let table = try CSVTable.parse(text(response)).filter { $0 != [""] }
            #expect(table.first?.first == "_id")
            #expect(table.count == 1204)
            #expect(Set(table.dropFirst().map { $0[0] }).count == 1203)
            #expect(table.contains { $0.contains("Quote \"me\", please") })
            let completed = try CSVTable.parse(text(try await api.get("/api/db/calls/export.csv?status=completed"))).filter { $0 != [""] }
            #expect(completed.count == 402)
        }
    }
}

func iso(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

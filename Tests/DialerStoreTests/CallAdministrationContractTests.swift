import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: call and artifact administration") struct CallAdministrationContractTests {
    let t0 = Fixtures.t0

    @Test(arguments: StoreKind.allCases) func aCallIsDeletedOnlyOnceItIsTerminal(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertCall(Fixtures.call(sid: "CA-live"))
        #expect(try await store.deleteCall(callSid: "CA-live") == .live(.queued))
        #expect(try await store.call(.callSid("CA-live")) != nil)
        _ = try await store.advanceCall(.callSid("CA-live"), to: .completed, fields: CallFields(), now: t0)
        #expect(try await store.deleteCall(callSid: "CA-live") == .deleted)
        #expect(try await store.call(.callSid("CA-live")) == nil)
        #expect(try await store.deleteCall(callSid: "CA-live") == .notFound)
    }

    @Test(arguments: StoreKind.allCases) func aCallScanStreamsEveryMatchInCursorOrder(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = ObjectId()
        var inserted: [ScanCursor] = []
        for n in 0..<7 {
            // Pairs share a createdAt, so the cursor's `_id` tie-break is exercised.
            let at = t0.addingTimeInterval(Double(n / 2))
            inserted.append(ScanCursor(time: at, id: try await store.insertCall(Fixtures.call(campaign: campaignId, at: at))))
            _ = try await store.insertCall(Fixtures.call(campaign: ObjectId(), at: at))
        }
        var seen: [ObjectId] = []
        var cursor: ScanCursor?
        var pages = 0
        repeat {
            let page = try await store.scanCalls(CallFilter(campaignId: campaignId), after: cursor, limit: 3)
            #expect(page.items.count <= 3)
            seen += page.items.compactMap(\.id)
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen == inserted.sorted().map(\.id))
        #expect(pages == 3)
    }

    @Test(arguments: StoreKind.allCases) func recordingsAreCreatedOnceListedFilteredAndDeleted(kind: StoreKind) async throws {
        let store = try await kind.make()
        func recording(_ sid: String, call: String, _ status: RecordingStatus, at seconds: Double) -> Recording {
            Recording(recordingSid: sid, callSid: call, url: "https://example.test/\(sid)", duration: 30, status: status, now: t0 + seconds)
        }
        _ = try await store.insertRecording(recording("RE1", call: "CA1", .completed, at: 0))
        _ = try await store.insertRecording(recording("RE2", call: "CA1", .inProgress, at: 10))
        _ = try await store.insertRecording(recording("RE3", call: "CA2", .completed, at: 20))
        await #expect(throws: StoreError.self) { try await store.insertRecording(recording("RE1", call: "CA9", .failed, at: 30)) }
        #expect(try await store.recording(recordingSid: "RE1")?.callSid == "CA1")

        let byCall = try await store.listRecordings(RecordingFilter(callSid: "CA1"), page: PageRequest())
        #expect(byCall.items.map(\.recordingSid) == ["RE2", "RE1"])
        let completed = try await store.listRecordings(RecordingFilter(statuses: [.completed]), page: PageRequest())
        #expect(completed.items.map(\.recordingSid) == ["RE3", "RE1"])
        let recent = try await store.listRecordings(RecordingFilter(createdAfter: t0 + 5, createdBefore: t0 + 20), page: PageRequest())
        #expect(recent.items.map(\.recordingSid) == ["RE2"])
        let paged = try await store.listRecordings(RecordingFilter(), page: PageRequest(offset: 1, limit: 1))
        #expect(paged.items.map(\.recordingSid) == ["RE2"])
        #expect(paged.total == 3)

        #expect(try await store.deleteRecording(recordingSid: "RE1"))
        #expect(try await !store.deleteRecording(recordingSid: "RE1"))
        #expect(try await store.recording(recordingSid: "RE1") == nil)
    }

    @Test(arguments: StoreKind.allCases) func aTranscriptIsCreatedOnceAndUpdatedFieldByField(kind: StoreKind) async throws {
        let store = try await kind.make()
        let segments = [TranscriptSegment(role: "agent", message: "Hello", timeInCallSecs: 0)]
        _ = try await store.insertTranscript(Transcript(callSid: "CA1", conversationId: "conv1", transcript: segments, summary: nil, now: t0))
        do {
            _ = try await store.insertTranscript(Transcript(callSid: "CA1", conversationId: "other", transcript: [], summary: "x", now: t0))
            Issue.record("a second transcript of one call was accepted")
        } catch StoreError.duplicateKey(let collection, _, _) {
            #expect(collection == "transcripts")
        }
        let updated = try #require(try await store.updateTranscript(callSid: "CA1", TranscriptChanges(summary: "Renewed"), now: t0 + 60))
        #expect(updated.summary == "Renewed")
        #expect(updated.conversationId == "conv1")
        #expect(updated.transcript == segments)
        #expect(updated.updatedAt == t0 + 60)
        #expect(try await store.transcript(callSid: "CA1") == updated)
        #expect(try await store.updateTranscript(callSid: "CA-none", TranscriptChanges(summary: "x"), now: t0) == nil)
    }

    @Test(arguments: StoreKind.allCases) func callEventsListByCallTypeAndTime(kind: StoreKind) async throws {
        let store = try await kind.make()
        let events = [("CA1", "status", 0), ("CA1", "dtmf", 10), ("CA1", "status", 20), ("CA2", "status", 30)]
        for (n, (sid, type, at)) in events.enumerated() {
            _ = try await store.appendCallEvent(
                CallEvent(callSid: sid, eventType: type, timestamp: t0 + Double(at), data: [:], sequenceNumber: n, now: t0))
        }
        let statuses = try await store.listCallEvents(CallEventFilter(eventType: "status"), sort: .oldestFirst, page: PageRequest())
        #expect(statuses.items.map(\.sequenceNumber) == [0, 2, 3])
        let ofCall = try await store.listCallEvents(CallEventFilter(callSid: "CA1"), sort: .newestFirst, page: PageRequest(limit: 2))
        #expect(ofCall.items.map(\.sequenceNumber) == [2, 1])
        #expect(ofCall.total == 3)
        let window = try await store.listCallEvents(CallEventFilter(after: t0 + 5, before: t0 + 30), sort: .oldestFirst, page: PageRequest())
        #expect(window.items.map(\.sequenceNumber) == [1, 2])
    }
}

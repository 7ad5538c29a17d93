import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: calls, events, recordings, transcripts") struct CallContractTests {
    let t0 = Fixtures.t0

    @Test(arguments: StoreKind.allCases) func duplicateCallSidIsADuplicateKeyError(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertCall(Fixtures.call(sid: "CA0001"))
        _ = try await store.insertCall(Fixtures.call())
        _ = try await store.insertCall(Fixtures.call())
        do {
            _ = try await store.insertCall(Fixtures.call(sid: "CA0001"))
            Issue.record("a second call with the same callSid was accepted")
        } catch StoreError.duplicateKey(let collection, _, let key) {
            #expect(collection == "calls")
            #expect(key.contains("CA0001"))
        }
    }

    @Test(arguments: StoreKind.allCases) func duplicateAttemptIdIsRefused(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertCall(Fixtures.call(attempt: "att-1"))
        await #expect(throws: StoreError.self) { try await store.insertCall(Fixtures.call(attempt: "att-1")) }
    }

    @Test(arguments: StoreKind.allCases) func statusNeverMovesBackwards(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertCall(Fixtures.call(attempt: "att-1"))
        let ids = CallFields(callSid: "CA42")
        guard case .advanced(let initiated) = try await store.advanceCall(.attemptId("att-1"), to: .initiated, fields: ids, now: t0) else {
            Issue.record("queued → initiated did not advance")
            return
        }
        #expect(initiated.callSid == "CA42")
        let done = CallFields(endTime: t0.addingTimeInterval(90), duration: 90, answeredBy: "human")
        guard case .advanced(let completed) = try await store.advanceCall(.callSid("CA42"), to: .completed, fields: done, now: t0) else {
            Issue.record("initiated → completed did not advance")
            return
        }
        #expect(completed.status == .completed)
        #expect(completed.duration == 90)
        let late = try await store.advanceCall(.callSid("CA42"), to: .ringing, fields: CallFields(answeredBy: "machine_start"), now: t0)
        guard case .stale(let unchanged) = late else {
            Issue.record("late ringing was applied: \(late)")
            return
        }
        #expect(unchanged.status == .completed)
        #expect(unchanged.answeredBy == "human")
        let repeatCompleted = try await store.advanceCall(.callSid("CA42"), to: .completed, fields: CallFields(), now: t0)
        if case .advanced = repeatCompleted { Issue.record("a repeated terminal status counted as a new transition") }
        #expect(try await store.advanceCall(.callSid("CA-missing"), to: .completed, fields: CallFields(), now: t0) == .notFound)
        let merged = try await store.advanceCall(.callSid("CA42"), to: nil, fields: CallFields(price: "-0.0130", priceUnit: "USD"), now: t0)
        guard case .advanced(let priced) = merged else {
            Issue.record("fields without status were not merged")
            return
        }
        #expect(priced.price == "-0.0130")
        #expect(priced.status == .completed)
    }

    @Test(arguments: StoreKind.allCases) func inFlightCountsNonTerminalCallsOfTheCampaign(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = ObjectId()
        for i in 0..<4 { _ = try await store.insertCall(Fixtures.call(attempt: "a\(i)", campaign: campaignId)) }
        _ = try await store.insertCall(Fixtures.call(attempt: "other", campaign: ObjectId()))
        _ = try await store.advanceCall(.attemptId("a0"), to: .completed, fields: CallFields(), now: t0)
        _ = try await store.advanceCall(.attemptId("a1"), to: .inProgress, fields: CallFields(), now: t0)
        #expect(try await store.countInFlightCalls(campaignId: campaignId) == 3)
        let stale = try await store.staleCalls(olderThan: t0.addingTimeInterval(1), after: nil, limit: 10).items.map(\.attemptId)
        #expect(Set(stale) == ["a1", "a2", "a3", "other"])
    }

    /// Calls created in the same millisecond still page apart by `_id`: each is seen exactly once.
    @Test(arguments: StoreKind.allCases) func staleCallsPageThroughEveryCallByCursor(kind: StoreKind) async throws {
        let store = try await kind.make()
        var inserted: [String] = []
        for i in 0..<7 {
            let attempt = "s\(i)"
            _ = try await store.insertCall(Fixtures.call(attempt: attempt, campaign: ObjectId(), at: t0.addingTimeInterval(i < 4 ? 0 : Double(i))))
            inserted.append(attempt)
        }
        _ = try await store.insertCall(Fixtures.call(attempt: "young", campaign: ObjectId(), at: t0.addingTimeInterval(100)))
        var seen: [String] = []
        var cursor: ScanCursor?
        var pages = 0
        repeat {
            let page = try await store.staleCalls(olderThan: t0.addingTimeInterval(50), after: cursor, limit: 3)
            seen += page.items.map(\.attemptId)
            #expect(page.unreadable.isEmpty)
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen.sorted() == inserted.sorted())
        #expect(seen.count == Set(seen).count, "no call is seen twice: \(seen)")
        #expect(pages == 3)
    }

    /// `CallFilter.after` pages a campaign's live calls by (createdAt, _id), ties included, while
    /// calls on a page read end before the next one is asked for.
    @Test(arguments: StoreKind.allCases) func liveCallsPageByCursorWhileTheyEnd(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = ObjectId()
        for i in 0..<7 {
            _ = try await store.insertCall(Fixtures.call(attempt: "l\(i)", campaign: campaignId, at: t0.addingTimeInterval(i < 4 ? 0 : Double(i))))
        }
        var seen: [String] = []
        var cursor: ScanCursor?
        repeat {
            let page = try await store.listCalls(
                CallFilter(campaignId: campaignId, statuses: CallStatus.nonTerminal, after: cursor),
                sort: .oldestFirst, page: PageRequest(offset: 0, limit: 3))
            seen += page.items.map(\.attemptId)
            for call in page.items { _ = try await store.advanceCall(.attemptId(call.attemptId), to: .completed, fields: CallFields(), now: t0) }
            cursor = page.items.count == 3 ? page.items.last.map { ScanCursor(time: $0.createdAt, id: $0.id!) } : nil
        } while cursor != nil && seen.count < 20
        #expect(seen == (0..<7).map { "l\($0)" })
    }

    @Test(arguments: StoreKind.allCases) func callQueriesFilterSortAndCount(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = ObjectId()
        for i in 0..<12 {
            _ = try await store.insertCall(Fixtures.call(attempt: "a\(i)", campaign: i < 10 ? campaignId : nil, at: t0.addingTimeInterval(Double(i))))
            _ = try await store.advanceCall(.attemptId("a\(i)"), to: i % 2 == 0 ? .completed : .failed, fields: CallFields(duration: i * 10), now: t0)
        }
        let newest = try await store.listCalls(CallFilter(campaignId: campaignId), sort: .newestFirst, page: PageRequest(page: 1, size: 3))
        #expect(newest.items.map(\.attemptId) == ["a9", "a8", "a7"])
        #expect(newest.total == 10)
        let oldest = try await store.listCalls(CallFilter(), sort: .oldestFirst, page: PageRequest(page: 2, size: 5))
        #expect(oldest.items.map(\.attemptId) == ["a5", "a6", "a7", "a8", "a9"])
        #expect(try await store.countCalls(CallFilter(statuses: [.failed])) == 6)
        #expect(try await store.countCalls(CallFilter(minDuration: 60)) == 6)
    }

    @Test(arguments: StoreKind.allCases) func callEventsAreDeduplicatedOnCallSidAndSequenceNumber(kind: StoreKind) async throws {
        let store = try await kind.make()
        func event(_ seq: Int, _ status: String) -> CallEvent {
            CallEvent(
                callSid: "CA1", eventType: "status-change", timestamp: Fixtures.t0.addingTimeInterval(Double(seq)),
                data: ["CallStatus": .string(status)], sequenceNumber: seq, now: Fixtures.t0)
        }
        #expect(try await store.appendCallEvent(event(0, "initiated")))
        #expect(try await store.appendCallEvent(event(2, "completed")))
        #expect(try await !store.appendCallEvent(event(2, "completed")))
        #expect(try await store.appendCallEvent(event(1, "ringing")))
        #expect(try await !store.appendCallEvent(event(0, "initiated")))
        let timeline = try await store.callEvents(callSid: "CA1")
        #expect(timeline.map(\.sequenceNumber) == [0, 1, 2])
        #expect(timeline[2].data["CallStatus"] == .string("completed"))
    }

    @Test(arguments: StoreKind.allCases) func recordingsAndTranscriptsUpsertOnTheirKeys(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.upsertRecording(Recording(recordingSid: "RE1", callSid: "CA1", url: nil, duration: nil, status: .inProgress, now: t0))
        try await store.upsertRecording(
            Recording(
                recordingSid: "RE1", callSid: "CA1", url: "https://example.test/RE1", duration: 31,
                status: .completed, now: t0.addingTimeInterval(40)))
        let recordings = try await store.recordings(callSid: "CA1")
        #expect(recordings.count == 1)
        #expect(recordings.first?.status == .completed)
        #expect(recordings.first?.createdAt == t0)
        let segments = [
            TranscriptSegment(role: "agent", message: "Hi, this is Ava.", timeInCallSecs: 0),
            TranscriptSegment(role: "user", message: "Hello?", timeInCallSecs: 1.5)
        ]
        try await store.upsertTranscript(Transcript(callSid: "CA1", conversationId: "conv_1", transcript: segments, summary: nil, now: t0))
        try await store.upsertTranscript(
            Transcript(
                callSid: "CA1", conversationId: "conv_1", transcript: segments, summary: "Interested",
                analysis: .object(["call_successful": .string("success")]), now: t0))
        let transcript = try #require(try await store.transcript(callSid: "CA1"))
        #expect(transcript.summary == "Interested")
        #expect(transcript.transcript == segments)
        #expect(transcript.analysis == .object(["call_successful": .string("success")]))
    }
}

import DialerCore
import DialerStore
import Foundation

/// A small world to read: one campaign with three contacts and calls in each status family.
struct SeededWorld {
    var campaign: Campaign
    var contacts: [Contact]
    var calls: [Call]

    static let t0 = APIHarness.t0

    static func make(in store: any CampaignStore, status: CampaignStatus = .active) async throws -> SeededWorld {
        let campaignId = ObjectId(date: t0)
        var contacts: [Contact] = []
        for n in 0..<3 {
            var contact = Contact(id: ObjectId(date: t0), phoneNumber: "+1415555010\(n)", name: "Contact \(n)", campaignIds: [campaignId], now: t0)
            contact.tags = n == 0 ? ["vip"] : []
            contacts.append(contact)
        }
        _ = try await store.insertContacts(contacts)
        var campaign = Campaign(id: campaignId, name: "Spring outreach", status: status, contactIds: contacts.compactMap(\.id), now: t0)
        campaign.stats = CampaignStats(totalContacts: 3)
        _ = try await store.insertCampaign(campaign)
        let statuses: [CallStatus] = [.completed, .noAnswer, .inProgress, .queued]
        var calls: [Call] = []
        for (index, status) in statuses.enumerated() {
            var call = Call(
                id: ObjectId(date: t0), attemptId: "attempt-\(index)", provider: .twilio, attempt: 1, status: status, from: "+14155550999",
                to: contacts[index % 3].phoneNumber, campaignId: campaignId, contactId: contacts[index % 3].id,
                now: t0.addingTimeInterval(Double(index) * 60))
            call.callSid = "CA\(String(repeating: "0", count: 31))\(index)"
            call.duration = status == .completed ? 95 : nil
            calls.append(call)
            _ = try await store.insertCall(call)
        }
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: calls[0].callSid!, eventType: "status-change", timestamp: t0, data: ["CallStatus": .string("completed")], sequenceNumber: 1,
                now: t0))
        try await store.upsertRecording(
            Recording(recordingSid: "RE1", callSid: calls[0].callSid!, url: "https://example.com/r.mp3", duration: 90, status: .completed, now: t0))
        try await store.upsertTranscript(
            Transcript(
                callSid: calls[0].callSid!, conversationId: nil,
                transcript: [TranscriptSegment(role: "agent", message: "Hello", timeInCallSecs: 0.5)],
                summary: "Greeted", now: t0))
        return SeededWorld(campaign: campaign, contacts: contacts, calls: calls)
    }
}

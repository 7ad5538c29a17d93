import DialerCore
import DialerSheets
import DialerStore
import Foundation

enum SheetFixtures {
    /// A header and `count` rows of distinct valid numbers.
    static func rows(_ count: Int, header: [String] = ["Name", "Phone"]) -> [[String]] {
        [header] + (0..<count).map { ["Person \($0)", "+1212555\(String(format: "%04d", $0))"] }
    }

    static func campaign(store: any CampaignStore, spreadsheetId: String = "sheet-1", sheetName: String = "Leads") async throws -> Campaign {
        var campaign = Campaign(name: "Sheet campaign", now: Date())
        campaign.sheetInfo = CampaignSheetInfo(spreadsheetId: spreadsheetId, sheetName: sheetName, phoneColumn: "Phone", nameColumn: "Name")
        campaign.id = try await store.insertCampaign(campaign)
        return campaign
    }

    static func contacts(_ store: any CampaignStore, of campaign: Campaign) async throws -> [Contact] {
        try await store.listContacts(ContactFilter(campaignId: campaign.id!), campaign: campaign, page: PageRequest(offset: 0, limit: 1000))
            .items.sorted { ($0.sheetInfo?.rowIndex ?? 0) < ($1.sheetInfo?.rowIndex ?? 0) }
    }

    /// A finished call for a contact, as the engine hands it to the result sink.
    static func event(
        _ campaign: Campaign, _ contact: Contact, attempt: Int = 1, status: CallStatus = .completed,
        duration: Int? = 42, state: DialState = .completed, result: String = "completed-human"
    ) -> CallResultEvent {
        var call = Call(
            attemptId: UUID().uuidString, provider: .twilio, attempt: attempt, status: status, from: "+14155550000",
            to: contact.phoneNumber, campaignId: campaign.id, contactId: contact.id, now: Date())
        call.duration = duration
        return CallResultEvent(campaignId: campaign.id!, contactId: contact.id!, call: call, state: state, result: result)
    }
}

/// Steps a manual clock until `done` holds, yielding real time in small slices so the actors
/// and the loopback HTTP requests can run between steps. No step sleeps longer than 5 ms.
func drive(
    _ clock: ManualWallClock, step: Duration = .milliseconds(500), maxSteps: Int = 2000,
    until done: @Sendable () async -> Bool
) async throws -> Bool {
    for _ in 0..<maxSteps {
        if await done() { return true }
        clock.advance(by: step)
        try await Task.sleep(for: .milliseconds(5))
    }
    return await done()
}

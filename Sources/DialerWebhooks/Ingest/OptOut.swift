import DialerCore
import DialerStore
import Foundation

/// A callee's "do not call me again", as the provider's analysis of the call reports it.
enum OptOut {
    /// ElevenLabs reports each data-collection item as `{data_collection_id, value, rationale, …}`;
    /// a bare value is read too. True, "yes" and "true" (any case) opt out; anything else does not.
    static func says(_ item: JSONValue?) -> Bool {
        let value = item?["value"] ?? item
        if let flag = value?.bool { return flag }
        guard let text = value?.string?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return text == "yes" || text == "true"
    }
}

extension WebhookIngest {
    /// Puts the call's number on the global suppression list when its campaign names an
    /// `optOutField` and the call's analysis says yes. Idempotent, so a redelivered webhook adds nothing.
    func applyOptOut(_ call: Call, analysis: JSONValue?) async throws {
        guard let campaignId = call.campaignId, let results = analysis?["data_collection_results"].nonNull else { return }
        guard let field = try await store.campaignWithoutIdLists(id: campaignId)?.settings.optOutField,
            OptOut.says(results[field].nonNull)
        else { return }
        let added = try await store.suppress([Suppression.optOut(call, field: field, now: clock.date)])
        guard !added.isEmpty else { return }
        logger.notice(
            "callee opted out; the number is suppressed for every campaign",
            metadata: [
                "campaignId": "\(campaignId)", "contactId": "\(call.contactId.map(\.hex) ?? "-")",
                "attemptId": "\(call.attemptId)", "field": "\(field)"
            ])
    }
}

import DialerCore
import Foundation

extension CampaignStats {
    /// The in-memory mirror of the `$inc` the Mongo store sends; also sums a recount.
    public mutating func apply(_ delta: StatsDelta) {
        callsPlaced += delta.callsPlaced
        callsCompleted += delta.callsCompleted
        callsAnswered += delta.callsAnswered
        callsFailed += delta.callsFailed
        if let duration = delta.duration {
            totalDuration += duration
            durationCount += 1
            averageDuration = Double(totalDuration) / Double(durationCount)
        }
    }
}

extension Call {
    mutating func apply(_ fields: CallFields) {
        if let v = fields.callSid { callSid = v }
        if let v = fields.conversationId { conversationId = v }
        if let v = fields.providerCallId { providerCallId = v }
        if let v = fields.startTime { startTime = v }
        if let v = fields.endTime { endTime = v }
        if let v = fields.duration { duration = v }
        if let v = fields.answeredBy { answeredBy = v }
        if let v = fields.price { price = v }
        if let v = fields.priceUnit { priceUnit = v }
        if let v = fields.cost { cost = v }
        if let v = fields.outcome { outcome = v }
        if let v = fields.recordingUrl { recordingUrl = v }
        if let v = fields.transcript { transcript = v }
        if let v = fields.notes { notes = v }
        if let v = fields.errorCode { errorCode = v }
        if let v = fields.errorMessage { errorMessage = v }
        if let v = fields.needsReconciliation { needsReconciliation = v }
    }
}

extension CallFilter {
    func matches(_ call: Call) -> Bool {
        if let campaignId, call.campaignId != campaignId { return false }
        if let contactId, call.contactId != contactId { return false }
        if let statuses, !statuses.contains(call.status) { return false }
        if let outcome, call.outcome != outcome { return false }
        if let minDuration, (call.duration ?? -1) < minDuration { return false }
        if let createdAfter, call.createdAt <= createdAfter { return false }
        if let createdBefore, call.createdAt >= createdBefore { return false }
        if let to, call.to != to { return false }
        if let after, !(call.id.map { ScanCursor(time: call.createdAt, id: $0) > after } ?? false) { return false }
        return true
    }
}

import DialerCore
import Foundation

/// Which instance runs which campaign: finding due campaigns one could take, and the lease itself.
public protocol CampaignLeases: Sendable {
    /// Active campaigns whose `nextExecution` is due or missing and whose lease `owner` could
    /// take (free, expired, or its own), leaving out `excluding` (those it runs already): a page
    /// of campaigns the poller cannot start would hide the ones behind it.
    ///
    /// Only campaigns fit to run are returned. Each document is read on its own; one that cannot
    /// be read, or breaks `Campaign.validate()`, is set aside in the same poll: paused, with
    /// `lastError` and `lastErrorAt` saying why. The set-aside is a compare-and-set on the fields
    /// judged, so a document an operator fixed meanwhile is left as it is. One bad document thus
    /// neither stops the poll for every other campaign nor runs with settings nobody allowed.
    nonisolated(nonsending) func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws -> [Campaign]
    /// Takes or renews the lease of an active campaign: granted when it is free, expired, or already ours.
    nonisolated(nonsending) func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign?
    nonisolated(nonsending) func releaseCampaignLease(id: ObjectId, owner: String) async throws
}

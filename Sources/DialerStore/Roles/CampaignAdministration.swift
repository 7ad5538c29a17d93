import DialerCore
import Foundation

/// An operator's edits of campaigns and their membership. The caller validates (a campaign's
/// settings as on import); the store applies, comparing on status where a status makes a write wrong.
public protocol CampaignAdministration: Sendable {
    /// Writes only the given fields (and `updatedAt`) in one update, matched only while the status is
    /// one of `whileStatusIn` (nil: any), so a campaign started or stopped since the caller read and
    /// validated it is not edited behind its back.
    nonisolated(nonsending) func updateCampaign(id: ObjectId, _ changes: CampaignChanges, whileStatusIn: [CampaignStatus]?, now: Date)
        async throws -> CampaignUpdate
    /// Deletes a campaign that is not `active` and has no call in flight, in one delete conditional on
    /// the status; then removes its dialing progress and pulls it from its contacts' `campaignIds`.
    /// Calls stay, naming a campaign that is gone. A paused campaign cannot start a new call
    /// (`admitCall` requires `active`), so its in-flight count only falls; a resume between the count
    /// and the delete makes the delete's status condition fail, and it is refused as active.
    nonisolated(nonsending) func deleteCampaign(id: ObjectId) async throws -> CampaignDeletion
    /// Makes the contacts members (`contactIds`, each added at most once, `stats.totalContacts` moved
    /// by each one added, in the same update) and enrolls their dialing progress by
    /// `DialProgress.enrollment(of:in:campaignId:suppressed:now:)`, as a run of the campaign does.
    /// Progress withdrawn by an earlier removal starts afresh. Unknown ids are reported, not thrown.
    nonisolated(nonsending) func addCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipAddition?
    /// Ends the membership of each contact that has no live call or claim in the campaign: its
    /// claimable progress is withdrawn (set `skipped` with `DialProgress.removedFromCampaignReason`,
    /// kept so that no enrollment recreates it), and it is pulled from `contactIds` and from the
    /// contact's `campaignIds`, `totalContacts` following. A contact in a call is left as it is and
    /// reported; the withdrawal is conditional on a claimable state, so a claim cannot slip between.
    nonisolated(nonsending) func removeCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipRemoval?
}

public enum CampaignUpdate: Sendable, Equatable {
    case updated(Campaign)
    /// The campaign's status is not one the update allowed; nothing changed.
    case statusConflict(CampaignStatus)
    case notFound
}

public enum CampaignDeletion: Sendable, Equatable {
    /// `progressRemoved` dialing-progress documents went with it.
    case deleted(progressRemoved: Int)
    case active
    /// Calls of the campaign are still live; nothing changed.
    case callsInFlight(Int)
    case notFound
}

/// What `addCampaignContacts` did with each id it was given.
public struct MembershipAddition: Sendable, Equatable {
    public var added: [ObjectId] = []
    public var alreadyMembers: [ObjectId] = []
    public var unknown: [ObjectId] = []
    /// Progress documents created now.
    public var enrolled = 0

    public init(added: [ObjectId] = [], alreadyMembers: [ObjectId] = [], unknown: [ObjectId] = [], enrolled: Int = 0) {
        self.added = added
        self.alreadyMembers = alreadyMembers
        self.unknown = unknown
        self.enrolled = enrolled
    }
}

/// What `removeCampaignContacts` did with each id it was given.
public struct MembershipRemoval: Sendable, Equatable {
    public var removed: [ObjectId] = []
    /// In a live call or claimed in this campaign: left a member, unchanged.
    public var inCall: [ObjectId] = []
    public var notMembers: [ObjectId] = []

    public init(removed: [ObjectId] = [], inCall: [ObjectId] = [], notMembers: [ObjectId] = []) {
        self.removed = removed
        self.inCall = inCall
        self.notMembers = notMembers
    }
}

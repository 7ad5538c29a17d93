import DialerCore

/// The provider's answer to a create request.
public struct PlacedCall: Sendable, Equatable {
    public var ids: ProviderCallIds
    public var status: CallStatus

    public init(ids: ProviderCallIds, status: CallStatus) {
        self.ids = ids
        self.status = status
    }
}

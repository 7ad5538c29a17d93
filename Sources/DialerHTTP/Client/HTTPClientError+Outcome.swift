extension HTTPClientError {
    /// Whether the server may have received, and acted on, the request.
    /// A create-call that fails with this true must be reconciled with the
    /// provider before it is retried, because the call may already exist.
    public var mayHaveReachedServer: Bool {
        switch self {
        case .connectFailed: false
        case .timedOut(let requestSent): requestSent
        // A cancel or a broken connection can land after the request left us.
        case .responseTooLarge, .cancelled, .transport: true
        }
    }
}

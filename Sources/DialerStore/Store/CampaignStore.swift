/// Everything the engine, webhooks, control socket and sheet sync persist, as one type for the
/// places that hold the whole store: the two implementations, `MongoStore` (production,
/// libmongoc) and `InMemoryStore` (unit tests, benchmarks), which pass one contract suite, and
/// `InterceptedStore`. Every other caller takes the narrowest role it needs. Every mutation is a
/// single atomic operation on one document.
///
/// Requirements are `nonisolated(nonsending)` so that a store that never blocks (the in-memory
/// one) runs on the caller's actor instead of hopping to the generic executor and back on every
/// operation. `MongoStore` keeps plain `async` methods, so its blocking driver calls still leave
/// the caller's executor.
public typealias CampaignStore = CampaignRecords & CampaignLeases & ContactRecords & DialProgressRecords & DialingLedger
    & CallRecords & CallArtifacts & RecoveryScans & StoreHealth & EventOutbox & SuppressionList
    & CallAdministration & ArtifactAdministration & ContactAdministration & CampaignAdministration & CampaignAuditLog
    & APIKeyRecords

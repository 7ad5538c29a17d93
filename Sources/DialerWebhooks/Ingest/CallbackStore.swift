import DialerStore

/// What the webhook ingest reads and writes: calls, and what they leave behind.
public typealias CallbackStore = CallRecords & CallArtifacts

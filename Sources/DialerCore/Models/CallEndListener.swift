/// Told when a call reaches a terminal status, so the engine frees its concurrency slot and
/// schedules any retry. The webhook ingest and the reconciler call it; the scheduler implements it.
public protocol CallEndListener: Sendable {
    nonisolated(nonsending) func callEnded(_ call: Call) async
}

import DialerCore
import Foundation

/// An operator's reads and writes of recordings, transcripts and call events, beside the
/// idempotent upserts the provider callbacks use (`CallArtifacts`).
public protocol ArtifactAdministration: Sendable {
    /// Newest first (`createdAt`, then `_id`), with the total matching.
    nonisolated(nonsending) func listRecordings(_ filter: RecordingFilter, page: PageRequest) async throws -> Page<Recording>
    nonisolated(nonsending) func recording(recordingSid: String) async throws -> Recording?
    /// Creates a recording; a `recordingSid` already stored throws `StoreError.duplicateKey` and changes nothing.
    nonisolated(nonsending) func insertRecording(_ recording: Recording) async throws -> ObjectId
    /// False when there was none.
    nonisolated(nonsending) func deleteRecording(recordingSid: String) async throws -> Bool
    /// Creates a call's transcript; a `callSid` that has one throws `StoreError.duplicateKey` and changes nothing.
    nonisolated(nonsending) func insertTranscript(_ transcript: Transcript) async throws -> ObjectId
    /// Writes only the given fields (and `updatedAt`) in one update; nil when the call has no transcript.
    nonisolated(nonsending) func updateTranscript(callSid: String, _ changes: TranscriptChanges, now: Date) async throws -> Transcript?
    /// In `timestamp` order (then `_id`), with the total matching.
    nonisolated(nonsending) func listCallEvents(_ filter: CallEventFilter, sort: SortOrder, page: PageRequest) async throws -> Page<CallEvent>
}

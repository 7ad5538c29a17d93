import DialerCore
import Foundation

/// What a call leaves behind, keyed by its provider SID: events, recordings, transcripts.
public protocol CallArtifacts: Sendable {
    /// false when an event with the same key was already stored.
    nonisolated(nonsending) func appendCallEvent(_ event: CallEvent) async throws -> Bool
    nonisolated(nonsending) func callEvents(callSid: String) async throws -> [CallEvent]
    nonisolated(nonsending) func upsertRecording(_ recording: Recording) async throws
    nonisolated(nonsending) func recordings(callSid: String) async throws -> [Recording]
    nonisolated(nonsending) func upsertTranscript(_ transcript: Transcript) async throws
    nonisolated(nonsending) func transcript(callSid: String) async throws -> Transcript?
}

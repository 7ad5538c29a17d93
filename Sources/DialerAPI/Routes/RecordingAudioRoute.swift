import DialerCore
import DialerStore
import DialerTelephony
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /api/db/recordings/{recordingSid}/audio`: the recording's audio, fetched from the provider
/// with the account's credentials and passed on chunk by chunk as it arrives, so memory stays
/// bounded whatever the recording's length. The client never sees a credential or the provider's URL.
enum RecordingAudioRoute {
    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let source = deps.recordingAudio
        return [
            APIRoute(
                .get, "/api/db/recordings/{recordingSid}/audio", operationId: "getRecordingAudio",
                summary: "The recording's audio, streamed from the provider (Twilio offers MP3 or WAV; others send their own format)",
                tag: "recordings", scope: .read,
                parameters: [
                    ArtifactRoutes.recordingSid,
                    .query("format", .oneOf(RecordingAudioFormat.allCases.map(\.rawValue)), "the preferred format", default: "mp3")
                ],
                success: .binary(["audio/*", "application/octet-stream"], "the audio bytes, typed as the provider typed them"),
                errors: [.badGateway, .gatewayTimeout]
            ) { request in
                let sid = try request.text("recordingSid")
                guard let recording = try await store.recording(recordingSid: sid) else {
                    throw APIError.notFound("no recording with recordingSid \(APIParameter.quoted(sid))")
                }
                guard let source else { throw APIError(.unavailable, "this dialerd fetches no recording audio") }
                let call = try await store.call(.callSid(recording.callSid))
                guard let locator = RecordingLocator(recording: recording, call: call) else {
                    throw APIError.notFound("recording \(APIParameter.quoted(sid)) does not say where its audio is")
                }
                let format = request.optionalText("format").flatMap(RecordingAudioFormat.init(rawValue:)) ?? .mp3
                let audio: RecordingAudio
                do { audio = try await source.openAudio(locator, format: format) } catch let error as RecordingAudioError { throw apiError(error) }
                var headers = HTTPFields()
                // Only an audio type is passed on, so the answer stays within the document.
                headers[.contentType] = audio.contentType.lowercased().hasPrefix("audio/") ? audio.contentType : "application/octet-stream"
                if let length = audio.contentLength { headers[.contentLength] = String(length) }
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody { writer in
                        for try await chunk in audio.body { try await writer.write(ByteBuffer(bytes: chunk)) }
                        try await writer.finish(nil)
                    })
            }
        ]
    }

    /// The source's errors carry no credential, so their messages go to the client as they are.
    static func apiError(_ error: RecordingAudioError) -> APIError {
        switch error {
        case .notFound(let message): .notFound(message)
        case .providerTimedOut(let message):
            APIError(status: .gatewayTimeout, error: "ProviderTimedOut", code: "PROVIDER_TIMED_OUT", message: message)
        case .providerNotConfigured(let message), .providerFailed(let message), .providerUnreachable(let message):
            APIError(status: .badGateway, error: "ProviderFailed", code: "PROVIDER_FAILED", message: message)
        case .cancelled: APIError(.unavailable, "the request was cancelled")
        }
    }
}

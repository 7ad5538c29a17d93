/// The two media formats the simulated providers serve, with the Content-Type each sends.
enum SimAudioFormat {
    case mp3
    case wav

    func reply(id: String, seconds: Int) -> SimReply {
        switch self {
        case .mp3: SimReply(status: 200, headers: [("Content-Type", "audio/mpeg")], body: SimRecordingAudio.mp3(id: id, seconds: seconds))
        case .wav: SimReply(status: 200, headers: [("Content-Type", "audio/x-wav")], body: SimRecordingAudio.wav(id: id, seconds: seconds))
        }
    }
}

/// The audio dialer-sim serves for its recordings: generated from the recording's id and length
/// alone, so a test can build the same bytes and compare. At most `maxSeconds` of audio, a few
/// hundred KB, whatever the call's length.
public enum SimRecordingAudio {
    public static let maxSeconds = 30

    /// A WAV file as Twilio's: 8 kHz, 16-bit, mono PCM, holding a tone whose pitch the id picks.
    public static func wav(id: String, seconds: Int) -> [UInt8] {
        let sampleRate = 8000
        let samples = sampleRate * clamped(seconds)
        let dataBytes = samples * 2
        var out: [UInt8] = []
        out.reserveCapacity(44 + dataBytes)
        out += Array("RIFF".utf8)
        out += le32(36 + dataBytes)
        out += Array("WAVEfmt ".utf8)
        out += le32(16) + le16(1) + le16(1) + le32(sampleRate) + le32(sampleRate * 2) + le16(2) + le16(16)
        out += Array("data".utf8)
        out += le32(dataBytes)
        // A triangle wave in integers: the same bytes on every machine.
        let period = max(2, sampleRate / (200 + Int(fnv1a(id) % 600)))
        let amplitude = 8000
        for index in 0..<samples {
            let phase = index % period
            let half = period / 2
            let rising = phase < half ? phase : period - phase
            let sample = Int16(clamping: -amplitude + 2 * amplitude * rising / max(1, half))
            out += le16(Int(UInt16(bitPattern: sample)))
        }
        return out
    }

    /// An MP3 file: an ID3v2.3 tag titled with the id, then silent MPEG-1 Layer III frames (128 kbit/s,
    /// 44.1 kHz, mono) for the length, which players decode as silence.
    public static func mp3(id: String, seconds: Int) -> [UInt8] {
        let title = Array(id.utf8.prefix(200))
        let frameBody = [0x00] + title // encoding byte: ISO-8859-1
        let frame = Array("TIT2".utf8) + be32(frameBody.count) + [0, 0] + frameBody
        var out = Array("ID3".utf8) + [3, 0, 0] + syncsafe(frame.count) + frame
        // 1152 samples a frame at 44.1 kHz; 144 * 128000 / 44100 bytes, without the padding slot.
        let frames = clamped(seconds) * 44100 / 1152
        let header: [UInt8] = [0xFF, 0xFB, 0x90, 0xC4]
        let frameBytes = 417
        out.reserveCapacity(out.count + frames * frameBytes)
        for _ in 0..<frames {
            out += header
            out += [UInt8](repeating: 0, count: frameBytes - header.count)
        }
        return out
    }

    private static func clamped(_ seconds: Int) -> Int { min(max(seconds, 1), maxSeconds) }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    private static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }
    private static func be32(_ value: Int) -> [UInt8] { le32(value).reversed() }
    private static func syncsafe(_ value: Int) -> [UInt8] { (0..<4).reversed().map { UInt8((value >> ($0 * 7)) & 0x7F) } }
}

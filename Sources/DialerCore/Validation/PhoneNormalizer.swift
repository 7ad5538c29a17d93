import Foundation

/// Turns what people type into a sheet ("(415) 555-0100", "+44 20 7946 0958", "0044…",
/// "14155550100") into E.164. Numbers without a country code are read in `defaultCountryCode`
/// only when they have that plan's national length (10 digits for +1); anything else is refused
/// rather than guessed.
public enum PhoneNormalizer {
    public static func e164(_ raw: String, defaultCountryCode: String = "1") -> String? {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.lowercased().hasPrefix("tel:") { text = String(text.dropFirst(4)) }
        let separators: Set<Character> = [" ", "-", "(", ")", ".", "/", "\u{00A0}", "\t"]
        text.removeAll { separators.contains($0) }
        guard !text.isEmpty else { return nil }
        let candidate: String
        if text.hasPrefix("+") {
            candidate = text
        } else if text.hasPrefix("00") {
            candidate = "+" + text.dropFirst(2)
        } else {
            guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if defaultCountryCode == "1" {
                if text.count == 10, text.first != "0", text.first != "1" {
                    candidate = "+1" + text
                } else if text.count == 11, text.first == "1" {
                    candidate = "+" + text
                } else {
                    return nil
                }
            } else {
                guard text.first == "0" else { return nil }
                candidate = "+" + defaultCountryCode + text.dropFirst()
            }
        }
        return PhoneNumber(e164: candidate)?.e164
    }
}

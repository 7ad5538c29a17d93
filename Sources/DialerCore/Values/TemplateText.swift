/// `{{variable}}` templates, as ElevenLabs and the campaign prompts already write them.
/// Rendering escapes each value for where it lands (XML for TwiML); an unknown variable renders
/// empty, because contacts differ in which custom fields they carry.
public enum TemplateText {
    /// Letters, digits, `_`, `.` and `-`: the names custom fields and the call's own variables use.
    static func isValidName(_ name: Substring) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-"
            }
    }

    /// Each malformed placeholder, in words; empty when the template is well formed.
    public static func problems(in template: String) -> [String] {
        var problems: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                problems.append("has a \"{{\" with no closing \"}}\"")
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingSpaces
            if !isValidName(name) {
                problems.append("\"{{\(rest[open.upperBound..<close.lowerBound])}}\" is not a variable name (letters, digits, _ . -)")
            }
            rest = rest[close.upperBound...]
        }
        return problems
    }

    /// Replaces each `{{name}}` by `escape(value)`. Text outside placeholders is kept as written.
    public static func render(_ template: String, values: [String: String], escape: (String) -> String) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound].trimmingSpaces)
            out += escape(values[name] ?? "")
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// XML text and attribute escaping, for values placed into TwiML.
    public static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

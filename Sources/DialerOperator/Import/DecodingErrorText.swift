/// Turns a `DecodingError` into a field path and a sentence an operator understands.
enum DecodingErrorText {
    static func describe(_ error: any Error) -> (path: [String], message: String) {
        guard let error = error as? DecodingError else { return ([], "\(error)") }
        switch error {
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "must be \(name(of: type))")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "must be \(name(of: type)), not null")
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> [String] {
        keys.map { key in key.intValue.map(String.init) ?? key.stringValue }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let text = String(describing: type)
            if text.hasPrefix("Array") { return "an array" }
            if text.hasPrefix("Dictionary") { return "an object" }
            return "a valid \(text)"
        }
    }
}

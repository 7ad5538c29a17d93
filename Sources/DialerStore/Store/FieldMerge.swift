/// Sets one field's value, when there is one, on the model property of the same name: the in-memory
/// mirror of a `$set` whose document is the changes' own encoding (nil fields left out). A partial
/// update type lists one per field, so its Mongo `$set` and its in-memory merge cannot disagree.
struct FieldMerge<Source, Target>: Sendable {
    let apply: @Sendable (Source, inout Target) -> Void

    /// An optional model property: a given value replaces it.
    init<V>(_ field: KeyPath<Source, V?> & Sendable, _ property: WritableKeyPath<Target, V?> & Sendable) {
        apply = { source, target in if let value = source[keyPath: field] { target[keyPath: property] = value } }
    }

    /// A required model property: a given value replaces it.
    init<V>(_ field: KeyPath<Source, V?> & Sendable, required property: WritableKeyPath<Target, V> & Sendable) {
        apply = { source, target in if let value = source[keyPath: field] { target[keyPath: property] = value } }
    }

    static func applyAll(_ merges: [FieldMerge], _ source: Source, to target: inout Target) {
        for merge in merges { merge.apply(source, &target) }
    }
}

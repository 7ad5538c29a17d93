/// The named schemas the write routes answer with, listed in `Schemas.all`.
enum WriteSchemas {
    static let all: [(String, JSONSchema)] = [
        ("Deletion", Deletion.schema), ("RecordingPage", Schemas.page(of: "Recording")), ("CallEventPage", Schemas.page(of: "CallEvent")),
        ("MembershipAddition", MembershipAdditionReply.schema), ("MembershipRemoval", MembershipRemovalReply.schema),
        ("ContactImportReport", ContactImportReport.schema)
    ]
}

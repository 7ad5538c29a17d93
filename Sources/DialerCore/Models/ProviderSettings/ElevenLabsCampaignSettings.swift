/// `settings.elevenLabs`: what a campaign's ElevenLabs calls override in the agent. The agent and
/// its phone number stay the campaign's `agentId` and `agentPhoneNumberId`.
///
/// Overrides are sent only when set here or in the campaign's top-level `firstMessage`/`prompt`
/// (these win over those): ElevenLabs refuses a call that overrides a field the agent's security
/// settings do not open to overrides. Both may use `{{variable}}`s, which ElevenLabs fills from the
/// call's dynamic variables (every contact field and custom field).
public struct ElevenLabsCampaignSettings: Codable, Sendable, Equatable {
    /// The agent's opening line; empty makes the agent wait for the callee to speak first.
    public var firstMessage: String?
    public var prompt: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case firstMessage, prompt
    }

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public init(firstMessage: String? = nil, prompt: String? = nil) {
        self.firstMessage = firstMessage
        self.prompt = prompt
    }

    public func validate(path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let prompt, prompt.allSatisfy(\.isWhitespace) {
            issues.append(.init(path: "\(path).prompt", rule: "must not be empty; remove it to keep the agent's own prompt"))
        }
        for (field, text) in [("firstMessage", firstMessage), ("prompt", prompt)] {
            guard let text else { continue }
            issues += TemplateText.problems(in: text).map { .init(path: "\(path).\(field)", rule: $0) }
        }
        return issues
    }
}

extension CampaignSettings {
    /// A provider sub-document for another provider than the campaign's would be silently
    /// ignored, so it is refused instead.
    func providerMismatches(path: String, provider: ProviderKind?) -> [ValidationIssue] {
        let route = provider ?? .twilio
        guard route.isKnown else { return [] }
        let present: [(String, Bool, ProviderKind)] = [
            ("twilio", twilio != nil, .twilio), ("elevenLabs", elevenLabs != nil, .elevenLabs), ("bland", bland != nil, .bland)
        ]
        return present.filter { $0.1 && $0.2 != route }.map { field, _, kind in
            .init(path: "\(path).\(field)", rule: "applies to provider \"\(kind.rawValue)\", but this campaign's provider is \"\(route.rawValue)\"")
        }
    }
}

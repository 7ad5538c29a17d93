import DialerCore

extension BlandSendCallBody {
    /// The campaign's `settings.bland` over the configuration's defaults. A task or pathway the
    /// campaign names replaces both of the configuration's, so a call never carries the two.
    init(_ request: PlaceCallRequest, configuration c: BlandConfiguration) throws(ProviderError) {
        let s = request.bland ?? BlandCampaignSettings()
        let named = s.task != nil || s.pathwayId != nil
        let pathwayId = named ? s.pathwayId : c.pathwayId
        let task = named ? s.task : pathwayId == nil ? request.prompt ?? c.defaultTask : nil
        guard pathwayId != nil || task != nil else {
            throw .accountLevel(
                scope: .campaign, code: "missing-task",
                message: "a Bland call needs a task (the campaign's prompt or settings.bland.task) or a pathway id")
        }
        var requestData = request.customFields.mapValues(BlandCallProvider.jsonSafe)
        for (name, value) in CallVariables.values(for: request) where requestData[name] == nil { requestData[name] = value }
        if let name = request.contactName { requestData["name"] = .string(name) }
        self.init(
            phoneNumber: request.to, task: task, pathwayId: pathwayId, firstSentence: request.firstMessage, from: request.from,
            voice: s.voice ?? c.voice, maxDuration: s.maxDuration ?? c.maxDurationMinutes, record: s.record ?? c.record,
            answeredByEnabled: c.answeredByEnabled, voicemailAction: s.voicemailAction?.rawValue, voicemailMessage: s.voicemailMessage,
            webhook: request.callbacks.bland, requestData: requestData,
            metadata: ["attemptId": request.attemptId, "contactId": request.contactId, "campaignId": request.campaignId])
    }
}

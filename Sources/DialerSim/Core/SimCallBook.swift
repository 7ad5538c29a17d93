import DialerCore
import Foundation

/// Every simulated call, the CPS queues they wait in, and the tasks that play them out.
/// One seeded generator draws ids, outcomes and timings in request order.
actor SimCallBook {
    let configuration: SimConfiguration
    private let clock: any SimClock
    private let wallEpoch: Date
    private let sender: SimCallbackSender
    private let planner: CallPlanner
    private var generator: SeededGenerator
    private var baseURL = ""
    private var calls: [String: SimCall] = [:]
    private var order: [String] = []
    private var conversations: [String: String] = [:]
    private var blandCalls: [String: String] = [:]
    private var nextSlot: [SimRoute: Duration] = [:]
    private var playouts: [String: Task<Void, Never>] = [:]

    init(configuration: SimConfiguration, clock: any SimClock, wallEpoch: Date, sender: SimCallbackSender) {
        self.configuration = configuration
        self.clock = clock
        self.wallEpoch = wallEpoch
        self.sender = sender
        self.planner = CallPlanner(latency: configuration.latency)
        self.generator = SeededGenerator(seed: configuration.seed)
    }

    var context: SimContext { SimContext(configuration: configuration, wallEpoch: wallEpoch, baseURL: baseURL) }
    var now: Duration { clock.now() }

    func setBaseURL(_ url: String) { baseURL = url }

    /// Creates a call, queues it behind the CPS limit and starts its playout. ElevenLabs and
    /// Bland links arrive without ids; the book assigns them.
    func create(
        route: SimRoute, to: String, from: String, options: TwilioCallOptions,
        elevenLabs: ElevenLabsLink? = nil, bland: BlandLink? = nil
    ) -> (SimCall, Duration) {
        let now = clock.now()
        let sid = "CA" + generator.hex(32)
        let recordingSid = "RE" + generator.hex(32)
        let streamSid = "MZ" + generator.hex(32)
        var elevenLabs = elevenLabs
        var bland = bland
        if elevenLabs != nil {
            let id = "conv_" + generator.hex(26)
            elevenLabs?.conversationId = id
            conversations[id] = sid
        }
        if bland != nil {
            let hex = generator.hex(32)
            let parts = [
                hex.prefix(8), hex.dropFirst(8).prefix(4), "4" + hex.dropFirst(13).prefix(3),
                "8" + hex.dropFirst(17).prefix(3), hex.dropFirst(20).prefix(12)
            ]
            let id = parts.map(String.init).joined(separator: "-")
            bland?.callId = id
            blandCalls[id] = sid
        }
        let outcome = configuration.forcedOutcomes[to] ?? configuration.outcomes.draw(using: &generator)
        let dispatchAt = slot(for: route, now: now)
        let amdEnabled = route == .bland ? (bland?.answeredByEnabled ?? false) : options.machineDetection != nil
        let timeline = planner.timeline(
            outcome: outcome, route: route, options: options, dispatchAt: dispatchAt,
            amdEnabled: amdEnabled, generator: &generator)
        let call = SimCall(
            sid: sid, route: route, to: to, from: from, createdAt: now, dispatchAt: dispatchAt, outcome: outcome,
            timeline: timeline, twilio: options, elevenLabs: elevenLabs, bland: bland,
            recordingSid: recordingSid, streamSid: streamSid)
        calls[sid] = call
        order.append(sid)
        play(sid, entries: timeline, generation: call.generation)
        return (call, now)
    }

    func call(sid: String) -> (SimCall, Duration)? { calls[sid].map { ($0, clock.now()) } }
    func call(conversationId: String) -> (SimCall, Duration)? { conversations[conversationId].flatMap { call(sid: $0) } }
    func call(blandId: String) -> (SimCall, Duration)? { blandCalls[blandId].flatMap { call(sid: $0) } }

    /// Newest first, as the providers list them.
    func all(route: SimRoute? = nil) -> ([SimCall], Duration) {
        (order.reversed().compactMap { calls[$0] }.filter { route == nil || $0.route == route }, clock.now())
    }

    func views() -> [SimCallView] {
        let now = clock.now()
        let context = self.context
        return order.compactMap { calls[$0] }.map { call in
            let ending = call.ending(by: now)
            return SimCallView(
                sid: call.sid, route: call.route, to: call.to, from: call.from, status: call.status(at: now),
                outcome: call.outcome, createdAt: context.date(call.createdAt), dispatchAt: call.dispatchAt,
                startTime: now >= call.dispatchAt ? context.date(call.dispatchAt) : nil, endTime: ending.map { context.date($0.at) },
                durationSeconds: ending?.durationSeconds, answeredBy: call.answeredBy(by: now),
                conversationId: call.elevenLabs?.conversationId,
                conversationStatus: call.elevenLabs == nil ? nil : call.conversationStatus(at: now),
                blandCallId: call.bland?.callId, recordingSid: call.recordingSid, callbacksSent: call.sequenceNumber)
        }
    }

    /// Twilio's update-call Status (canceled or completed) and Bland's stop. `canceled` only
    /// touches a call that has not been answered; `completed` hangs up whatever the state.
    func end(sid: String, requested: CallStatus) -> (SimCall, Duration)? {
        let now = clock.now()
        guard var call = calls[sid] else { return nil }
        let current = call.status(at: now)
        guard !current.isTerminal else { return (call, now) }
        let final: CallStatus
        if requested == .canceled {
            guard current.rank < CallStatus.inProgress.rank else { return (call, now) }
            final = .canceled
        } else {
            final = current == .inProgress ? .completed : .canceled
        }
        let tail = planner.endedEarly(call: call, now: now, status: final, generator: &generator)
        call.timeline = call.past(at: now) + tail
        call.generation += 1
        calls[sid] = call
        play(sid, entries: tail, generation: call.generation)
        return (call, now)
    }

    func stopAll() {
        for task in playouts.values { task.cancel() }
        playouts.removeAll()
    }

    private func slot(for route: SimRoute, now: Duration) -> Duration {
        guard let cps = configuration.callsPerSecond, cps > 0 else { return now }
        let queue: SimRoute = route == .bland ? .bland : .twilio
        let slot = max(now, nextSlot[queue] ?? .zero)
        nextSlot[queue] = slot + .nanoseconds(Int64((1e9 / cps).rounded(.up)))
        return slot
    }

    private func play(_ sid: String, entries: [TimelineEntry], generation: Int) {
        playouts[sid]?.cancel()
        let clock = self.clock
        let sender = self.sender
        playouts[sid] = Task {
            for entry in entries {
                do { try await clock.sleep(until: entry.at) } catch { return }
                guard let callbacks = self.fire(sid: sid, generation: generation, entry: entry) else { return }
                // A superseded playout is cancelled, but a callback already built still goes
                // out, as Twilio's would: the delivery runs in a task of its own.
                await Task { for callback in callbacks { await sender.deliver(callback) } }.value
            }
        }
    }

    /// The callbacks one timeline step sends, built from the call as it stands at that step.
    private func fire(sid: String, generation: Int, entry: TimelineEntry) -> [SimCallback]? {
        guard var call = calls[sid], call.generation == generation else { return nil }
        let at = entry.at
        let context = self.context
        var out: [SimCallback] = []
        switch call.route {
        case .twilio:
            let event: String? =
                switch entry.step {
                case .initiated: "initiated"
                case .ringing: "ringing"
                case .answered: "answered"
                case .ended: "completed"
                default: nil
                }
            if let event, call.twilio.statusCallback != nil, call.twilio.events.contains(event),
                let callback = TwilioSimCallbacks.status(call, event: event, at: at, sequence: call.sequenceNumber, context: context)
            {
                call.sequenceNumber += 1
                out.append(callback)
            }
            if case .amdResult(let answeredBy) = entry.step,
                let callback = TwilioSimCallbacks.amd(call, answeredBy: answeredBy, at: at, context: context)
            {
                out.append(callback)
            }
            if entry.step == .recordingReady, let callback = TwilioSimCallbacks.recording(call, at: at, context: context) {
                out.append(callback)
            }
        case .elevenLabs:
            if case .ended(let status, _) = entry.step, status != .completed,
                let callback = ElevenLabsSimPayloads.failureWebhook(call, at: at, context: context)
            {
                out.append(callback)
            }
            if entry.step == .postCall, let callback = ElevenLabsSimPayloads.transcriptionWebhook(call, at: at, context: context) {
                out.append(callback)
            }
        case .bland:
            if entry.step == .postCall, let callback = BlandSimPayloads.webhook(call, at: at, context: context) {
                out.append(callback)
            }
        }
        calls[sid] = call
        return out
    }
}

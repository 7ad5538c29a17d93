/// How long each phase of a simulated call lasts, in simulated seconds, drawn uniformly from
/// each range. `timeScale` stretches them onto the simulator's clock: 0.01 plays a
/// 30-second call in 0.3 s while callbacks still report 30 seconds.
public struct LatencyProfile: Sendable, Equatable {
    /// Before the REST response is written.
    public var apiLatency: ClosedRange<Double>
    /// initiated → ringing.
    public var ringDelay: ClosedRange<Double>
    /// ringing → answered (capped below the request's ring timeout).
    public var answerAfter: ClosedRange<Double>
    /// ringing → busy.
    public var busyAfter: ClosedRange<Double>
    /// initiated → failed.
    public var failAfter: ClosedRange<Double>
    /// Conversation length with a person.
    public var humanTalk: ClosedRange<Double>
    /// Length of a call answered by a machine.
    public var machineTalk: ClosedRange<Double>
    /// answered → asynchronous AMD result.
    public var amdDelay: ClosedRange<Double>
    /// end → recording ready.
    public var recordingDelay: ClosedRange<Double>
    /// end → ElevenLabs post-call webhook (analysis time) or Bland webhook.
    public var postCallDelay: ClosedRange<Double>
    /// Ring time before no-answer when the request gives no Timeout (Twilio's default is 60).
    public var defaultRingTimeout: Double
    public var timeScale: Double

    public init(
        apiLatency: ClosedRange<Double> = 0...0, ringDelay: ClosedRange<Double> = 0.5...1.5,
        answerAfter: ClosedRange<Double> = 3...12, busyAfter: ClosedRange<Double> = 1...4,
        failAfter: ClosedRange<Double> = 0.2...1, humanTalk: ClosedRange<Double> = 20...120,
        machineTalk: ClosedRange<Double> = 8...25, amdDelay: ClosedRange<Double> = 2...4,
        recordingDelay: ClosedRange<Double> = 1...3, postCallDelay: ClosedRange<Double> = 2...6,
        defaultRingTimeout: Double = 60, timeScale: Double = 1
    ) {
        self.apiLatency = apiLatency
        self.ringDelay = ringDelay
        self.answerAfter = answerAfter
        self.busyAfter = busyAfter
        self.failAfter = failAfter
        self.humanTalk = humanTalk
        self.machineTalk = machineTalk
        self.amdDelay = amdDelay
        self.recordingDelay = recordingDelay
        self.postCallDelay = postCallDelay
        self.defaultRingTimeout = defaultRingTimeout
        self.timeScale = timeScale
    }

    public static let realistic = LatencyProfile()

    func scaled(_ simulatedSeconds: Double) -> Duration {
        .milliseconds(Int64((simulatedSeconds * timeScale * 1000).rounded()))
    }
}

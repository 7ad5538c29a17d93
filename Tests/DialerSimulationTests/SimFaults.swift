/// How often each fault happens in one run; drawn from the seed, so some runs are calm and some
/// are storms.
struct SimFaults: Sendable, CustomStringConvertible {
    var rateLimited: Double
    var connectFailed: Double
    /// The carrier created the call, then its edge answered 5xx.
    var serverErrorAfterCreate: Double
    /// The carrier created the call and the answer never came back.
    var answerLost: Double
    var lookupFailed: Double
    var callbackDropped: Double
    var callbackDuplicated: Double
    var callbackLate: Double
    /// Mean seconds between chaos actions (crash, freeze, pause), while chaos lasts.
    var chaosEvery: Double
    /// Calls per second the account allows.
    var cps: Double

    init(_ random: inout SimRandom) {
        func maybe(_ p: Double, _ random: inout SimRandom) -> Double { random.chance(0.5) ? random.seconds(0...p) : 0 }
        rateLimited = maybe(0.1, &random)
        connectFailed = maybe(0.05, &random)
        serverErrorAfterCreate = maybe(0.1, &random)
        answerLost = maybe(0.1, &random)
        lookupFailed = maybe(0.2, &random)
        callbackDropped = maybe(0.1, &random)
        callbackDuplicated = maybe(0.2, &random)
        callbackLate = maybe(0.3, &random)
        chaosEvery = random.pick([30, 120, 600, 1e9])
        cps = random.pick([0.02, 0.1, 0.5, 2, 20])
    }

    var description: String {
        "cps=\(cps) 429=\(rateLimited) connect=\(connectFailed) 5xxAfterCreate=\(serverErrorAfterCreate) lost=\(answerLost) "
            + "lookup=\(lookupFailed) cbDrop=\(callbackDropped) cbDup=\(callbackDuplicated) cbLate=\(callbackLate) chaos=\(chaosEvery)s"
    }
}

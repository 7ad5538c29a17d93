import Foundation

/// What payload builders need besides the call: configuration, the mapping from simulator
/// time to wall-clock dates, and the simulator's own URL (for recording URLs).
struct SimContext: Sendable {
    let configuration: SimConfiguration
    let wallEpoch: Date
    let baseURL: String

    func date(_ t: Duration) -> Date { wallEpoch.addingTimeInterval(SimTime.seconds(t)) }
    func unixSeconds(_ t: Duration) -> Int { Int(date(t).timeIntervalSince1970.rounded(.down)) }
}

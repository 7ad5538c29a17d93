import DialerCore
import Foundation

/// One status callback the carrier will send.
struct SimCallback: Sendable {
    var callSid: String
    var attemptId: String
    var status: CallStatus
    var duration: Int?
    var answeredBy: String?
}

/// What the world's parts share: the contacts' zones and the violations seen.
final class SimWorldState: @unchecked Sendable {
    let kernel: SimKernel
    let window: CallingWindow
    private let lock = NSLock()
    private var zones: [String: String] = [:]
    private var found: [String] = []
    private var suppressedAt: [String: Date] = [:]

    init(kernel: SimKernel, window: CallingWindow) {
        self.kernel = kernel
        self.window = window
    }

    var violations: [String] { lock.withLock { found } }

    func violation(_ text: String) {
        lock.withLock { found.append("t=\(Int(kernel.now.timeIntervalSince1970)) \(text)") }
    }

    func setZone(_ zone: String, for phone: String) { lock.withLock { zones[phone] = zone } }

    /// Every contact's number, in a stable order (the seed picks from it).
    var phones: [String] { lock.withLock { zones.keys.sorted() } }

    /// Numbers put on the suppression list during the run, with when the write was acknowledged.
    var suppressions: [String: Date] { lock.withLock { suppressedAt } }
    func suppressed(_ phone: String, at date: Date) { lock.withLock { suppressedAt[phone] = suppressedAt[phone] ?? date } }

    func checkWindow(to phone: String, at date: Date) {
        guard let zone = lock.withLock({ zones[phone] }) else { return violation("dialed \(phone), which is no contact") }
        if !window.isOpen(at: date, zoneKey: zone) { violation("dialed \(phone) outside its window in \(zone)") }
    }

    /// The carrier's side of a call: its states over time, each to be reported by a callback.
    func script(callSid: String, attemptId: String) -> [(after: Double, callback: SimCallback)] {
        kernel.draw { random in
            var events: [(Double, SimCallback)] = []
            var t = random.seconds(1...4)
            events.append((t, SimCallback(callSid: callSid, attemptId: attemptId, status: .ringing)))
            let roll = random.seconds(0...1)
            if roll < 0.55 {
                t += random.seconds(3...15)
                events.append((t, SimCallback(callSid: callSid, attemptId: attemptId, status: .inProgress)))
                let length = random.seconds(5...180)
                let machine = random.chance(0.15) ? "machine_start" : "human"
                events.append(
                    (
                        t + length,
                        SimCallback(
                            callSid: callSid, attemptId: attemptId, status: .completed,
                            duration: Int(length), answeredBy: machine)
                    ))
            } else if roll < 0.8 {
                events.append((t + random.seconds(20...40), SimCallback(callSid: callSid, attemptId: attemptId, status: .noAnswer)))
            } else if roll < 0.93 {
                events.append((t + random.seconds(1...5), SimCallback(callSid: callSid, attemptId: attemptId, status: .busy)))
            } else {
                events.append((t + random.seconds(0...2), SimCallback(callSid: callSid, attemptId: attemptId, status: .failed)))
            }
            return events
        }
    }
}

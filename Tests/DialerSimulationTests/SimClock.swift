import DialerCore
import Foundation

/// The engine's clock in the simulation: time is the kernel's, and a sleep is a scheduling point.
struct SimClock: WallClock {
    let kernel: SimKernel

    var now: WallInstant { WallInstant(kernel.now) }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: WallInstant, tolerance: Duration?) async throws {
        try await kernel.sleep(until: deadline.date)
    }
}

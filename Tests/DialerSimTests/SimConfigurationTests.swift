import DialerCore
import Testing

@testable import DialerSim

@Suite struct SimConfigurationTests {
    @Test func outcomeMixParsesWeights() {
        let mix = OutcomeMix(parsing: "human=3, no-answer=1")
        #expect(mix?.weights[.human] == 3)
        #expect(mix?.weights[.noAnswer] == 1)
        #expect(OutcomeMix(parsing: "human=x") == nil)
        #expect(OutcomeMix(parsing: "robot=1") == nil)
        #expect(OutcomeMix(parsing: "human=0") == nil)
    }

    @Test func drawsFollowTheWeights() {
        var generator = SeededGenerator(seed: 5)
        let mix = OutcomeMix([.human: 3, .busy: 1])
        let draws = (0..<4000).map { _ in mix.draw(using: &generator) }
        let humans = draws.filter { $0 == .human }.count
        #expect(Set(draws) == [.human, .busy])
        #expect((2800...3200).contains(humans), "expected about 3000 humans, got \(humans)")
    }

    @Test func manualClockWakesSleepersInOrder() async throws {
        let clock = ManualSimClock()
        let woke = LockedValue<[Int]>([])
        let first = Task {
            try await clock.sleep(until: .seconds(2))
            woke.withLock { $0.append(2) }
        }
        let second = Task {
            try await clock.sleep(until: .seconds(1))
            woke.withLock { $0.append(1) }
        }
        while clock.sleeperCount < 2 { await Task.yield() }
        clock.advance(to: .seconds(1))
        try await second.value
        #expect(woke.withLock { $0 } == [1])
        clock.advance(by: .seconds(5))
        try await first.value
        #expect(woke.withLock { $0 } == [1, 2])
        #expect(clock.now() == .seconds(6))
    }
}

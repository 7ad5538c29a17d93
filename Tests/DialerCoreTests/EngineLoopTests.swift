import DialerCore
import Foundation
import Testing

@Suite struct EngineLoopTests {
    /// Thread identity as a value: a task records where it ran.
    private static func currentThread() -> UInt { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self())))) }

    @Test func tasksPreferringTheLoopRunOnItsOneThreadActorsIncluded() async throws {
        let loop = EngineLoop()
        defer { loop.shutdown() }
        let counter = Counter()
        let threads = await withTaskGroup(of: [UInt].self) { group in
            for _ in 0..<8 {
                group.addTask(executorPreference: loop) {
                    var seen = [Self.currentThread()]
                    await counter.increment()
                    seen.append(Self.currentThread())
                    await Task.yield()
                    seen.append(Self.currentThread())
                    return seen
                }
            }
            return await group.reduce(into: Set<UInt>()) { $0.formUnion($1) }
        }
        #expect(threads.count == 1)
        #expect(!threads.contains(Self.currentThread()))
        let count = await counter.value
        #expect(count == 8)
    }

    /// Operators find the engine thread in `top -H` and profiles by this name.
    @Test(arguments: [("test-loop-7", "test-loop-7"), ("a-loop-named-past-the-kernel-limit", "a-loop-named-pa")])
    func theLoopThreadCarriesItsNameInTheKernel(name: String, shown: String) async throws {
        let loop = EngineLoop(name: name)
        defer { loop.shutdown() }
        let comm = await Task(executorPreference: loop) {
            try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
        }.value
        #expect(comm == shown + "\n")
    }

    @Test func timersFireInDeadlineOrderAndACancelledOneNever() async throws {
        let loop = EngineLoop()
        defer { loop.shutdown() }
        let fired = Recorder()
        let base = ContinuousClock.now
        let allFired = AsyncStream<Void>.makeStream()
        // Holds the loop until every timer is set, so a slow test thread cannot let one fire early.
        let gate = DispatchSemaphore(value: 0)
        _ = loop.schedule(at: base - .milliseconds(10)) { gate.wait() }
        // Set out of order; the last to fire ends the test.
        _ = loop.schedule(at: base + .milliseconds(30)) {
            fired.append(3)
            allFired.continuation.yield()
        }
        _ = loop.schedule(at: base + .milliseconds(10)) { fired.append(1) }
        let cancelled = loop.schedule(at: base + .milliseconds(20)) { fired.append(99) }
        _ = loop.schedule(at: base + .milliseconds(20)) { fired.append(2) }
        _ = loop.schedule(at: base - .milliseconds(5)) { fired.append(0) }
        cancelled.cancel()
        gate.signal()
        var iterator = allFired.stream.makeAsyncIterator()
        _ = await iterator.next()
        let order: [Int] = fired.values
        #expect(order == [0, 1, 2, 3])
    }

    @Test func sleepReturnsNoEarlierThanItsDeadline() async throws {
        let loop = EngineLoop()
        defer { loop.shutdown() }
        let deadline = ContinuousClock.now + .milliseconds(15)
        try await loop.sleep(until: deadline)
        #expect(ContinuousClock.now >= deadline)
    }

    @Test(.timeLimit(.minutes(1))) func cancellingASleepEndsItAtOnceWithCancellationError() async throws {
        let loop = EngineLoop()
        defer { loop.shutdown() }
        let started = ContinuousClock.now
        let sleeper = Task(executorPreference: loop) { try await LoopClock(loop: loop).sleep(until: .now + .seconds(3600), tolerance: nil) }
        sleeper.cancel()
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}

private actor Counter {
    var value = 0
    func increment() { value += 1 }
}

private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func append(_ value: Int) { lock.withLock { stored.append(value) } }
    var values: [Int] { lock.withLock { stored } }
}

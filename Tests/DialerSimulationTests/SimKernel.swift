import Foundation

/// Thrown at the next scheduling point of a process whose instance crashed: the process's memory
/// is gone, and nothing it would still have done reaches the store or the provider.
struct SimCrash: Error {}

/// Runs the simulation's processes one at a time, in an order drawn from the seed.
///
/// Every process is a task that parks at each scheduling point (a store operation, a provider
/// request, a sleep). The driver resumes one parked process, waits until it parks again or ends,
/// and picks the next among those that are due, advancing the clock when none is. Only one
/// process runs at any moment, so a seed replays exactly.
final class SimKernel: @unchecked Sendable {
    @TaskLocal static var process: Int?

    private struct Process {
        let name: String
        let instance: String?
        var parked: CheckedContinuation<Bool, Never>?
        var wakeAt: Date
        var doomed = false
    }

    private let lock = NSLock()
    private var processes: [Int: Process] = [:]
    private var nextId = 0
    private var driver: CheckedContinuation<Void, Never>?
    private var signalled = false
    private var current: Date
    private var frozen: [String: Date] = [:]
    private var random: SimRandom
    private(set) var steps = 0
    private var stepsAtThisInstant = 0
    /// Set when processes kept running without time moving on: a busy loop the engine must not have.
    private(set) var livelock: String?
    /// A digest of every scheduling choice, to check that a seed replays exactly.
    private(set) var traceHash: UInt64 = 0xCBF2_9CE4_8422_2325

    init(seed: UInt64, start: Date) {
        random = SimRandom(seed: seed)
        current = start
    }

    var now: Date { lock.withLock { current } }

    /// Draws from the seed's generator; every random choice of the world goes through here.
    func draw<T>(_ body: (inout SimRandom) -> T) -> T { lock.withLock { body(&random) } }

    /// Starts a process, parked until the driver first picks it.
    func spawn(_ name: String, instance: String?, _ body: @escaping @Sendable () async throws -> Void) async {
        let id: Int = lock.withLock {
            nextId += 1
            processes[nextId] = Process(name: name, instance: instance, wakeAt: current)
            return nextId
        }
        await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
            Task {
                await SimKernel.$process.withValue(id) {
                    do {
                        try await self.park(id, until: nil, started: started)
                        try await body()
                    } catch {}
                    self.exit(id)
                }
            }
        }
    }

    /// A scheduling point: any other due process may run before this one goes on.
    func yield() async throws {
        guard let id = Self.process else { return }
        try await park(id, until: nil, started: nil)
    }

    func sleep(until date: Date) async throws {
        guard let id = Self.process else { return }
        try await park(id, until: date, started: nil)
    }

    /// The instance's processes die at their next scheduling point.
    func crash(instance: String) {
        lock.withLock {
            for id in processes.keys where processes[id]?.instance == instance { processes[id]?.doomed = true }
        }
    }

    /// None of the instance's processes runs before `until` (a long GC pause, a network partition).
    func freeze(instance: String, until: Date) { lock.withLock { frozen[instance] = until } }
    func thaw() { lock.withLock { frozen = [:] } }

    var processCount: Int { lock.withLock { processes.count } }

    /// Runs processes until `stop` says so or nothing is left to run.
    func run(until horizon: Date, stop: () async -> Bool) async {
        while let (continuation, crash) = pickNext(horizon: horizon) {
            continuation.resume(returning: crash)
            await waitForPark()
            if await stop() { return }
        }
    }

    /// Kills every process and lets each unwind, so no task is left parked after the run.
    func shutDown() async {
        lock.withLock { for id in processes.keys { processes[id]?.doomed = true } }
        lock.withLock { frozen = [:] }
        while let (continuation, crash) = pickNext(horizon: .distantFuture) {
            continuation.resume(returning: crash)
            await waitForPark()
        }
    }

    private func park(_ id: Int, until: Date?, started: CheckedContinuation<Void, Never>?) async throws {
        if started == nil, lock.withLock({ processes[id]?.doomed == true }) { throw SimCrash() }
        let crashed = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            lock.withLock {
                processes[id]?.parked = continuation
                processes[id]?.wakeAt = max(until ?? current, current)
            }
            if let started { started.resume() } else { signalDriver() }
        }
        if crashed { throw SimCrash() }
    }

    private func exit(_ id: Int) {
        lock.withLock { processes[id] = nil }
        signalDriver()
    }

    private func signalDriver() {
        let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
            if let driver {
                self.driver = nil
                return driver
            }
            signalled = true
            return nil
        }
        waiting?.resume()
    }

    private func waitForPark() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already: Bool = lock.withLock {
                if signalled {
                    signalled = false
                    return true
                }
                driver = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }

    /// The next process to resume: a random one among those due now, or, when none is, the
    /// earliest after moving the clock to it. Doomed processes run first, so they unwind at once.
    private func pickNext(horizon: Date) -> (CheckedContinuation<Bool, Never>, Bool)? {
        lock.withLock {
            let parked = processes.keys.sorted().compactMap { id -> (Int, Date)? in
                guard let process = processes[id], process.parked != nil else { return nil }
                if process.doomed { return (id, current) }
                let thawAt = process.instance.flatMap { frozen[$0] } ?? .distantPast
                return (id, max(process.wakeAt, thawAt))
            }
            guard let earliest = parked.map(\.1).min(), earliest <= horizon else { return nil }
            if earliest > current {
                current = earliest
                stepsAtThisInstant = 0
            }
            let due = parked.filter { $0.1 <= current }.map(\.0)
            let doomed = due.filter { processes[$0]!.doomed }
            let id = doomed.first ?? random.pick(due)
            stepsAtThisInstant += 1
            if stepsAtThisInstant > 100_000, doomed.isEmpty {
                livelock = "\(processes[id]!.name) and others ran 100,000 steps without time moving"
                return nil
            }
            steps += 1
            if steps % 200_000 == 0, ProcessInfo.processInfo.environment["DIALER_SIM_VERBOSE"] != nil {
                let names = processes.values.map(\.name).sorted().joined(separator: ",")
                print("simulation: step \(steps) at \(current), \(processes.count) processes: \(names.prefix(300))")
            }
            traceHash = (traceHash ^ UInt64(id)) &* 0x100_0000_01B3
            let continuation = processes[id]!.parked!
            processes[id]!.parked = nil
            return (continuation, processes[id]!.doomed)
        }
    }
}

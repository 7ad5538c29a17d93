import DialerCore
import DialerWebhooks
import Foundation
import Synchronization

/// Records every ended call it is told about; with a `delay`, then takes that long to return,
/// like an engine busy doing slow work.
final class RecordingListener: CallEndListener {
    let delay: Duration?
    private let state = Mutex<(calls: [Call], waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)])>(([], []))

    init(delay: Duration? = nil) { self.delay = delay }

    func callEnded(_ call: Call) async {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.calls.append(call)
            let count = state.calls.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume() }
        if let delay { try? await Task.sleep(for: delay) }
    }

    var calls: [Call] { state.withLock { $0.calls } }

    /// Returns once `count` calls were reported, or after `timeout` (a safety net so that a
    /// broken notifier fails the test instead of hanging it).
    func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async -> [Call] {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let done = self.state.withLock { state -> Bool in
                        if state.calls.count >= count { return true }
                        state.waiters.append((count, continuation))
                        return false
                    }
                    if done { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // Release a waiter still parked if the timeout won.
            let parked = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state.waiters = [] }
                return state.waiters.map(\.continuation)
            }
            for waiter in parked { waiter.resume() }
        }
        return calls
    }
}

/// Records the late summaries the webhook server passes on. `summaryArrived` is called before
/// the callback is answered, so after a reply the record is complete.
final class RecordingSummarySink: CallSummarySink {
    private let received = Mutex<[CallSummaryEvent]>([])

    func summaryArrived(_ event: CallSummaryEvent) { received.withLock { $0.append(event) } }

    var events: [CallSummaryEvent] { received.withLock { $0 } }
}

extension JSONValue {
    func field(_ key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

import Foundation

/// Races an operation against a timeout without waiting for the operation to finish: a hung
/// database call must not hang `engine.status`.
enum FirstOf {
    enum Outcome<T: Sendable>: Sendable {
        case value(T)
        case failure(any Error)
        case timedOut
    }

    static func run<T: Sendable>(timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async -> Outcome<T> {
        let once = ResumeOnce<Outcome<T>>()
        return await withCheckedContinuation { continuation in
            once.set(continuation)
            let timer = Task {
                do { try await Task.sleep(for: timeout) } catch { return }
                once.resume(.timedOut)
            }
            Task {
                do { once.resume(.value(try await operation())) } catch { once.resume(.failure(error)) }
                timer.cancel()
            }
        }
    }
}

private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?

    func set(_ continuation: CheckedContinuation<T, Never>) { lock.withLock { self.continuation = continuation } }

    @discardableResult
    func resume(_ value: T) -> Bool {
        let taken: CheckedContinuation<T, Never>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        taken?.resume(returning: value)
        return taken != nil
    }
}

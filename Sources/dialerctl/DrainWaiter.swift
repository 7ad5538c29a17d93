import DialerControl
import Foundation

/// Waits for dialerd to go away after a drain. dialerd shuts its control socket down last, after
/// the scheduler has drained and every other service has stopped, and exits right after that, so
/// "the socket no longer answers" is "dialerd has drained and is exiting".
/// Polls rather than holding a connection open, so nothing of ours keeps dialerd busy.
struct DrainWaiter {
    let socketPath: String
    let timeout: Duration
    var pollInterval: Duration = .milliseconds(200)

    /// true once the socket stops answering; false if it still answers at the timeout.
    func waitForExit() async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard await answers() else { return true }
            try? await Task.sleep(for: pollInterval)
        }
        return await !answers()
    }

    private func answers() async -> Bool {
        do {
            _ = try await ControlClient.withConnection(socketPath: socketPath) { try await $0.request("hello") }
            return true
        } catch {
            return false
        }
    }
}

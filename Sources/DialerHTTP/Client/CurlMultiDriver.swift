internal import CCurl
import DialerCore
import Foundation

/// Owns one libcurl multi handle and the one thread that drives it.
///
/// Every multi-handle call happens on that thread. Other threads only put
/// transfers into the inbox and call `curl_multi_wakeup`, the one multi
/// function libcurl allows from another thread.
final class CurlMultiDriver: @unchecked Sendable {
    private struct Inbox {
        var added: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var resumed: [CurlTransfer] = []
        var stopRequested = false
        var stopped = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = LockedValue(Inbox())
    private let exited = LockedValue<[CheckedContinuation<Void, Never>]?>([])

    // Driver thread only: transfers inside the multi handle, keyed by easy handle.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    /// How long one `curl_multi_poll` may sleep; curl wakes sooner for its own timers.
    private static let pollTimeoutMilliseconds: Int32 = 1000

    init(maxCachedConnections: Int, maxConnectionsPerHost: Int) throws(HTTPClientError) {
        try CurlGlobal.ensureInitialized()
        guard let multi = curl_multi_init() else { throw .transport("curl_multi_init failed") }
        self.multi = multi
        _ = dialer_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxCachedConnections))
        _ = dialer_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, maxConnectionsPerHost))

        NamedThread.start("dialer-curl") { [self] in run() }
    }

    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox -> Bool in
            guard !inbox.stopRequested else { return false }
            inbox.added.append(transfer)
            wakeUp()
            return true
        }
        if !accepted { transfer.abandon(.transport("HTTP client is shut down")) }
    }

    func cancel(_ transfer: CurlTransfer) {
        inbox.withLock { inbox in
            guard !inbox.stopped else { return }
            inbox.cancelled.append(transfer)
            wakeUp()
        }
    }

    /// Resumes a streaming transfer its body's reader had fallen behind.
    func resume(_ transfer: CurlTransfer) {
        inbox.withLock { inbox in
            guard !inbox.stopped else { return }
            inbox.resumed.append(transfer)
            wakeUp()
        }
    }

    /// Called with the inbox lock held: `stop()` marks the inbox stopped under
    /// that lock before it frees the multi handle, so this never touches freed memory.
    private func wakeUp() {
        _ = curl_multi_wakeup(multi)
    }

    /// Fails every transfer still in flight with `.cancelled`, then the thread
    /// frees the multi handle and exits. Idempotent; does not wait.
    func requestStop() {
        inbox.withLock { inbox in
            guard !inbox.stopRequested else { return }
            inbox.stopRequested = true
            wakeUp()
        }
    }

    /// Suspends (without blocking a thread) until the driver thread has exited.
    func waitUntilStopped() async {
        await withCheckedContinuation { continuation in
            let alreadyExited = exited.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters!.append(continuation)
                return false
            }
            if alreadyExited { continuation.resume() }
        }
    }

    // MARK: Driver thread

    private func run() {
        var running: Int32 = 0
        while true {
            let (added, cancelled, resumed, stopRequested) = inbox.withLock { inbox in
                defer {
                    inbox.added.removeAll()
                    inbox.cancelled.removeAll()
                    inbox.resumed.removeAll()
                }
                return (inbox.added, inbox.cancelled, inbox.resumed, inbox.stopRequested)
            }
            // Adds first: a transfer cancelled in the same batch is then skipped or removed.
            for transfer in added { start(transfer) }
            for transfer in cancelled { drop(transfer) }
            for transfer in resumed where active[transfer.easy] != nil {
                // May call the write callback at once, with the bytes held since the pause.
                _ = dialer_easy_unpause(transfer.easy)
            }
            if stopRequested { break }

            _ = curl_multi_perform(multi, &running)
            collectFinished()
            _ = curl_multi_poll(multi, nil, 0, Self.pollTimeoutMilliseconds, nil)
        }
        stop()
    }

    private func start(_ transfer: CurlTransfer) {
        guard !transfer.isFinished else { return }
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            transfer.abandon(.transport("curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(code)))"))
            return
        }
        active[transfer.easy] = transfer
    }

    private func drop(_ transfer: CurlTransfer) {
        guard active.removeValue(forKey: transfer.easy) != nil else { return }
        _ = curl_multi_remove_handle(multi, transfer.easy)
        // Its awaiting task was already told; a streamed body's reader may not have been.
        transfer.abandon(.cancelled)
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // The message is freed by the removal below, so read it first.
            let code = dialer_msg_result(message)
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            _ = curl_multi_remove_handle(multi, easy)
            transfer.complete(with: code)
        }
    }

    private func stop() {
        let added = inbox.withLock { inbox in
            inbox.stopped = true
            defer {
                inbox.added.removeAll()
                inbox.cancelled.removeAll()
                inbox.resumed.removeAll()
            }
            return inbox.added
        }
        for transfer in added { transfer.abandon(.cancelled) }
        for (easy, transfer) in active {
            _ = curl_multi_remove_handle(multi, easy)
            transfer.abandon(.cancelled)
        }
        active.removeAll()
        _ = curl_multi_cleanup(multi)

        let waiters = exited.withLock { waiters in
            defer { waiters = nil }
            return waiters ?? []
        }
        for waiter in waiters { waiter.resume() }
    }
}

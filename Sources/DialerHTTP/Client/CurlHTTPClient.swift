/// `HTTPClient` on libcurl's multi interface.
///
/// One dedicated thread drives every transfer of this client, so awaiting a
/// response never blocks a thread of Swift's cooperative pool. Connections
/// stay open in the multi handle's cache and are reused across requests.
/// Create one client per process and share it.
public final class CurlHTTPClient: HTTPClient {
    private let driver: CurlMultiDriver

    /// - Parameters:
    ///   - maxCachedConnections: idle connections kept open for reuse (CURLMOPT_MAXCONNECTS).
    ///   - maxConnectionsPerHost: 0 for no limit; above it, requests queue inside curl.
    public init(maxCachedConnections: Int = 64, maxConnectionsPerHost: Int = 0) throws(HTTPClientError) {
        driver = try CurlMultiDriver(
            maxCachedConnections: maxCachedConnections,
            maxConnectionsPerHost: maxConnectionsPerHost)
    }

    deinit {
        driver.requestStop()
    }

    /// Cancelling the calling task aborts the transfer and returns `.cancelled` at once.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        if Task.isCancelled { throw .cancelled }
        let transfer = try CurlTransfer(request)
        let driver = self.driver
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if transfer.install(continuation) { driver.submit(transfer) }
            }
        } onCancel: {
            if transfer.cancel() { driver.cancel(transfer) }
        }
        return try result.get()
    }

    /// Fails the transfers in flight with `.cancelled` and stops the driver
    /// thread; later requests fail with `.transport`. Returns once the thread has exited.
    public func shutdown() async {
        driver.requestStop()
        await driver.waitUntilStopped()
    }
}

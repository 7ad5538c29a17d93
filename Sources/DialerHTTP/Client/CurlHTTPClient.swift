/// `HTTPClient` on libcurl's multi interface.
///
/// One dedicated thread drives every transfer of this client, so awaiting a
/// response never blocks a thread of Swift's cooperative pool. Connections
/// stay open in the multi handle's cache and are reused across requests.
/// Create one client per process and share it.
public final class CurlHTTPClient: HTTPClient, HTTPStreamingClient {
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
        return try await run(CurlTransfer(request))
    }

    /// Returns at the response head; see `HTTPStreamingClient`. Cancelling the calling task before
    /// then aborts the transfer and returns `.cancelled`.
    public func stream(_ request: HTTPRequest, bufferCapacity: Int) async throws(HTTPClientError) -> HTTPStreamedResponse {
        if Task.isCancelled { throw .cancelled }
        let channel = CurlBodyChannel(capacity: bufferCapacity)
        let transfer = try CurlTransfer(request, streamingInto: channel)
        // Made first, so that however this returns, a body nobody will read aborts the transfer.
        let body = CurlBodySource(channel: channel, transfer: transfer, driver: driver)
        let head = try await run(transfer)
        return HTTPStreamedResponse(status: head.status, headers: head.headers, body: HTTPBodyStream(source: body))
    }

    /// Submits the transfer and waits for its response (the head, when streaming).
    private func run(_ transfer: CurlTransfer) async throws(HTTPClientError) -> HTTPResponse {
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

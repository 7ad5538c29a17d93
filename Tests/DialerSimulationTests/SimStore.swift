import DialerCore
import DialerStore
import Foundation

/// The in-memory store with a scheduling point before every operation: the kernel may run any
/// other process there, as a real database's latency lets other work run between two writes,
/// and a crashed instance's next operation fails instead of reaching the store.
typealias SimStore = InterceptedStore<SimGate>

extension InterceptedStore where Interceptor == SimGate {
    init(base: InMemoryStore, kernel: SimKernel) {
        self.init(base, interceptor: SimGate(kernel: kernel))
    }
}

struct SimGate: StoreInterceptor {
    let kernel: SimKernel

    nonisolated(nonsending) func intercept<T>(_ operation: StoreOperation, _ body: nonisolated(nonsending) () async throws -> T) async throws -> T {
        try await kernel.yield()
        return try await body()
    }
}

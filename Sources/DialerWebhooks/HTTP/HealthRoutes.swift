import DialerStore
import Hummingbird

/// `/healthz`: the process answers. `/readyz`: the database answers too, within two seconds.
/// They share the webhook server's port, so a load balancer checks what providers reach.
public enum HealthRoutes {
    public static func register<Context: RequestContext>(on router: Router<Context>, store: any CampaignStore) {
        router.get("healthz") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("readyz") { _, _ -> Response in
            let reachable = await withTaskGroup(of: Bool.self) { group in
                group.addTask { (try? await store.ping()) != nil }
                group.addTask {
                    try? await Task.sleep(for: .seconds(2))
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            return reachable
                ? Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
                : Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "database unreachable\n")))
        }
    }
}

/// How much longer than one second the limiter waits before a slot in its window is free again.
///
/// The carrier counts arrivals, not our grants, and a granted request reaches it a little
/// later each time: on a loaded two-core machine the spread measured by `dialer-bench cps`
/// was 8–13 ms, nearly all of it scheduling on our side. The band costs throughput in exact
/// proportion (10 ms of band serves 100 calls per 1.01 s, 0.990 of the cap), so 10 ms is the
/// most the ≥ 0.99 throughput goal allows.
public enum CarrierGuardBand {
    public static let `default`: Duration = .milliseconds(10)
}

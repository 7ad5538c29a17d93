/// How much longer than one second the limiter waits before a slot in its window is free again.
///
/// The carrier counts arrivals, not our grants, and a granted request reaches it a little later
/// each time. The band costs throughput in exact proportion and, when demand equals the cap,
/// adds the same wait to each call's pacing; 7 ms keeps both goals (≥ 0.99 of the cap, pacing
/// p99 < 20 ms) while absorbing the worst delay `dialer-bench cps` saw on a quiet machine
/// (README, "Measurements behind the code").
public enum CarrierGuardBand {
    public static let `default`: Duration = .milliseconds(7)
}

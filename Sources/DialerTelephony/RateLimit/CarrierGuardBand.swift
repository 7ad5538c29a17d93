/// How much longer than one second the limiter waits before a slot in its window is free again.
///
/// The carrier counts arrivals, not our grants, and a granted request reaches it a little later
/// each time. `dialer-bench cps` measured that delay at p50 0.4–0.5 ms and at most 4–8 ms on a
/// quiet two-core machine (8–23 ms while compilers ran beside it). The band costs throughput in
/// exact proportion (7 ms serves 100 calls per 1.007 s, 0.993 of the cap) and, when demand
/// equals the cap, adds the same wait to each call's pacing; 7 ms keeps both goals (≥ 0.99 of
/// the cap, pacing p99 < 20 ms) while absorbing the quiet machine's worst delay.
public enum CarrierGuardBand {
    public static let `default`: Duration = .milliseconds(7)
}

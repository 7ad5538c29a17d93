internal import COpenSSL

/// Compares two byte strings in time that depends only on their length, so a
/// caller checking a webhook signature leaks nothing about where a guess went wrong.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
            dialer_constant_time_equal(x.baseAddress, y.baseAddress, x.count) == 1
        }
    }
}

/// Bytes from OpenSSL's CSPRNG, for nonces and webhook secrets.
public func secureRandomBytes(count: Int) -> [UInt8] {
    precondition(count >= 0, "negative byte count")
    var out = [UInt8](repeating: 0, count: count)
    let ok = out.withUnsafeMutableBufferPointer { dialer_random_bytes($0.baseAddress, $0.count) }
    // RAND_bytes fails only when the system entropy source does.
    precondition(ok == 1, "libcrypto RAND_bytes failed")
    return out
}

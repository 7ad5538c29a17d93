internal import COpenSSL

public enum SHA256 {
    public static let digestLength = 32

    public static func digest(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: digestLength)
        let ok = data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in
                dialer_sha256(d.baseAddress, d.count, o.baseAddress)
            }
        }
        // Only an allocation failure inside libcrypto gets here.
        precondition(ok == 1, "libcrypto SHA-256 failed")
        return out
    }
}

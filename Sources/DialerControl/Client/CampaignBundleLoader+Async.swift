import DialerOperator
import NIOPosix

extension CampaignBundleLoader {
    /// `readDirectory` on NIO's thread pool, so file reads never block the cooperative pool.
    public static func readFiles(in directory: String) async throws -> [String: String] {
        try await NIOThreadPool.singleton.runIfActive { try readDirectory(directory) }
    }
}

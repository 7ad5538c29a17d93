import DialerCore
import Foundation

extension OperatorBackend {
    /// Checks a campaign's files (name → text) and, unless `dryRun`, stores them. Every
    /// transport imports through this, so the same files get the same verdict everywhere.
    /// Throws `OperatorError` `invalid_import` listing every problem; nothing is stored then.
    public func importCampaign(files: [String: String], dryRun: Bool, now: Date) async throws -> ImportResult {
        let bundle: CampaignBundle
        switch CampaignBundleLoader.load(files: files, now: now) {
        case .success(let loaded): bundle = loaded
        case .failure(let issues): throw issues.operatorError
        }
        guard !dryRun else { return ImportResult(campaign: nil, contacts: bundle.contacts.count, dryRun: true, warnings: bundle.warnings) }
        let summary = try await importCampaign(bundle)
        return ImportResult(campaign: summary, contacts: bundle.contacts.count, dryRun: false, warnings: bundle.warnings)
    }
}

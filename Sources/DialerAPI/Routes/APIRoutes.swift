/// The route table: every route the operator listener serves, in the order the document lists them.
/// A write route is one more entry in its family's list.
public enum APIRoutes {
    public static func all(_ deps: APIDependencies) -> [APIRoute] {
        MetaRoutes.routes(deps) + CallRoutes.routes(deps) + CallExportRoute.routes(deps) + CampaignRoutes.routes(deps)
            + ContactRoutes.routes(deps) + Seed000Routes.routes(deps)
            + CallWriteRoutes.routes(deps) + ArtifactRoutes.routes(deps) + CampaignWriteRoutes.routes(deps) + ContactWriteRoutes.routes(deps)
            + RecordingAudioRoute.routes(deps)
    }
}

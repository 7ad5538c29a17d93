import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Stamps each request's arrival on the event loop, as soon as its head is decoded.
///
/// A carrier counts calls per second at its edge. Stamping later, in the async responder,
/// would add the scheduling delay of the concurrency pool to every arrival time and make
/// the request log's one-second windows measure our own simulator rather than the client.
final class ArrivalStamp: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    static let field = HTTPField.Name("X-Dialer-Sim-Arrival")!

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        // Replaces any value a client sent, so the stamp cannot be forged.
        head.headerFields[Self.field] = String(Date().timeIntervalSince1970)
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// The stamped arrival, or now when a request did not pass through the handler.
    static func arrival(of fields: HTTPFields) -> Date {
        fields[field].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
    }
}

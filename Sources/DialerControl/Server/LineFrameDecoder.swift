import NIOCore

/// One inbound line, or the news that a line was too long and was dropped.
enum ControlFrame: Sendable {
    case line(ByteBuffer)
    case oversize
}

/// Splits the byte stream at newlines (a trailing CR is dropped). A line longer than the limit is
/// discarded up to its newline and reported once as `.oversize`, so the connection stays usable.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ControlFrame

    let maxLength: Int
    private var discarding = false
    /// Bytes already searched for a newline, so a long line is not rescanned on every read.
    private var scanned = 0

    init(maxLength: Int) { self.maxLength = maxLength }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.dropFirst(scanned).firstIndex(of: 0x0A) else {
            scanned = view.count
            if view.count > maxLength {
                if !discarding { context.fireChannelRead(wrapInboundOut(.oversize)) }
                discarding = true
                buffer.moveReaderIndex(forwardBy: view.count)
                scanned = 0
            }
            return .needMoreData
        }
        let length = newline - view.startIndex
        scanned = 0
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if discarding {
            discarding = false
            return .continue
        }
        if line.readableBytesView.last == 0x0D { line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)! }
        if line.readableBytes > maxLength {
            context.fireChannelRead(wrapInboundOut(.oversize))
        } else if line.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A last request without its newline still counts.
        if buffer.readableBytes > 0, !discarding {
            buffer.writeInteger(UInt8(0x0A))
            while try decode(context: context, buffer: &buffer) == .continue {}
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

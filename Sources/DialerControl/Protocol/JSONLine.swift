import DialerOperator
import Foundation

extension OperatorJSON {
    /// One line of the socket: the encoding plus the newline that frames it.
    static func line(_ value: some Encodable) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }
}

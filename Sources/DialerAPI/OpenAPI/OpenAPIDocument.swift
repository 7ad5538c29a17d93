import DialerCore
import Foundation
import HTTPTypes

/// The OpenAPI 3.1 document of a route table, served at `/api/openapi.json`. Written out from the
/// same `APIRoute` values the server registers, so the two cannot drift apart.
public enum OpenAPIDocument {
    public static func json(_ routes: [APIRoute]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(document(routes))) ?? Data())
    }

    public static func document(_ routes: [APIRoute]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes { paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route) }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Dialer operator API", "version": "1",
                "description": .string(
                    "Seed 001's /api/db routes and seed 000's /api/v1/mongo/calls routes. Every route but /healthz and /readyz needs "
                        + "\"Authorization: Bearer <key>\" with a key of the scope it names (x-required-scope: read < operate < admin). "
                        + "Errors are {\"error\",\"message\",\"code\"}.")
            ]),
            "security": .array([.object(["apiKey": .array([])])]),
            "components": .object([
                "securitySchemes": .object(["apiKey": .object(["type": "http", "scheme": "bearer"])]),
                "schemas": .object(Dictionary(uniqueKeysWithValues: Schemas.all.map { ($0.0, $0.1.json) }))
            ]),
            "paths": .object(paths.mapValues { JSONValue.object($0) })
        ])
    }

    private static func operation(_ route: APIRoute) -> JSONValue {
        var operation: [String: JSONValue] = [
            "operationId": .string(route.operationId), "summary": .string(route.summary), "tags": .array([.string(route.tag)]),
            "responses": .object(responses(route))
        ]
        if !route.parameters.isEmpty {
            operation["parameters"] = .array(
                route.parameters.map { parameter in
                    var schema = parameter.schema.json
                    if case .object(var fields) = schema, let defaultValue = parameter.defaultValue {
                        fields["default"] = Int(defaultValue).map { .int(Int64($0)) } ?? .string(defaultValue)
                        schema = .object(fields)
                    }
                    return .object([
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue), "required": .bool(parameter.required),
                        "description": .string(parameter.description), "schema": schema
                    ])
                })
        }
        if let body = route.body {
            // An absent body reads as `{}`, so the body is required exactly when `{}` lacks a required field.
            let required: Bool = if case .object(_, let fields, _, _) = body { !fields.isEmpty } else { false }
            operation["requestBody"] = .object([
                "required": .bool(required), "content": .object(["application/json": .object(["schema": body.json])])
            ])
        }
        if let scope = route.scope {
            operation["x-required-scope"] = .string(scope.rawValue)
        } else {
            operation["security"] = .array([])
        }
        return .object(operation)
    }

    private static func responses(_ route: APIRoute) -> [String: JSONValue] {
        var content: [String: JSONValue] = [:]
        if let schema = route.success.schema {
            for type in [route.success.contentType] + route.success.otherContentTypes { content[type] = .object(["schema": schema.json]) }
        }
        var responses: [String: JSONValue] = [
            String(route.success.status.code): .object(["description": .string(route.success.description), "content": .object(content)])
        ]
        var errors: [(HTTPResponse.Status, String)] = [(.notFound, "not found"), (.methodNotAllowed, "method not served on this path")]
        if !route.parameters.isEmpty || route.body != nil { errors.append((.badRequest, "bad input: the message says which and why")) }
        if route.scope != nil {
            errors += [(.unauthorized, "no key, or an unknown or revoked one"), (.forbidden, "the key lacks the route's scope")]
            errors.append((.serviceUnavailable, "the database is unavailable"))
        }
        if route.body != nil {
            errors += [(.contentTooLarge, "the body is too large"), (.unsupportedMediaType, "the body is not JSON")]
        }
        errors += route.errors.map { ($0, $0.reasonPhrase.lowercased()) }
        for (status, description) in errors where responses[String(status.code)] == nil {
            // /readyz answers 503 with its report, not an error.
            let schema: JSONSchema = route.operationId == "readyz" && status == .serviceUnavailable ? .ref("ReadinessReport") : .ref("Error")
            responses[String(status.code)] = .object([
                "description": .string(description), "content": .object(["application/json": .object(["schema": schema.json])])
            ])
        }
        return responses
    }
}

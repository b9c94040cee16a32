import ArcaWire
import ArgumentParser
import FoundationEssentials

/// `key=value` arguments as the Vault CLI reads them: `key=@file` reads a file, `key=-` and a
/// lone `-` read standard input (a lone `-` must be a JSON object).
enum KeyValueArguments {
    static func parse(_ args: [String], stdin: () -> String? = { readAll() }) throws -> [String: JSONValue] {
        var data: [String: JSONValue] = [:]
        for arg in args {
            if arg == "-" {
                guard let text = stdin(), case .object(let o) = try JSONParser.parse(text) else {
                    throw ValidationError("standard input must be a JSON object")
                }
                data.merge(o) { _, new in new }
                continue
            }
            guard let eq = arg.firstIndex(of: "=") else {
                throw ValidationError("invalid key/value pair \"\(arg)\": format must be key=value")
            }
            let key = String(arg[..<eq])
            var value = String(arg[arg.index(after: eq)...])
            if value == "-" {
                value = stdin() ?? ""
            } else if value.hasPrefix("@") {
                let path = String(value.dropFirst())
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("cannot read file \(path)")
                }
                value = String(decoding: contents, as: UTF8.self)
            }
            data[key] = .string(value)
        }
        return data
    }

    static func readAll() -> String? {
        var lines: [String] = []
        while let line = readLine(strippingNewline: false) { lines.append(line) }
        return lines.isEmpty ? nil : lines.joined()
    }
}

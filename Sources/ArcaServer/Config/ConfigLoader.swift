import FoundationEssentials
import HCL

#if canImport(Glibc)
import Glibc
#endif

/// Reads `-config` files and directories (HCL, or JSON for `.json` files) and merges them in order:
/// later files override scalar settings and add listeners, as Vault merges its config files.
package enum ConfigLoader {
    package static func load(paths: [String]) throws -> ServerConfig {
        var config = ServerConfig()
        var sawFile = false
        for path in paths {
            for file in try files(at: path) {
                sawFile = true
                let text = try read(file)
                let body: HCLBody
                if file.hasSuffix(".json") {
                    body = try JSONConfigAdapter.body(fromJSON: text, filename: file)
                } else {
                    do {
                        body = try HCLParser.parse(text, filename: file)
                    } catch {
                        throw ConfigError(message: "error parsing config: \(error)")
                    }
                }
                try ConfigDecoder(filename: file).apply(body, to: &config)
            }
        }
        guard sawFile else { throw ConfigError(message: "no configuration files found in \(paths.joined(separator: ", "))") }
        return config
    }

    /// A file is itself; a directory gives its `.hcl` and `.json` files in name order.
    static func files(at path: String) throws -> [String] {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(message: "error loading configuration from \(path): no such file or directory")
        }
        guard isDirectory else { return [path] }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        return names.filter { $0.hasSuffix(".hcl") || $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
    }

    static func read(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(message: "error loading configuration from \(file): cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(message: "error loading configuration from \(file): not valid UTF-8")
        }
        return text
    }
}

#if canImport(Foundation) && os(Linux)
import Foundation

/// Runs a Python script in a child process, for tests that check Arca against another
/// implementation (Python's bcrypt, Python's sqlite3 as another process on a store).
package enum PythonScript {
    /// Starts `python3 -c script arguments…` with its standard output on a pipe; nil when python3
    /// cannot be started.
    package static func start(_ script: String, _ arguments: [String]) -> (process: Process, output: FileHandle)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        return (process, out.fileHandleForReading)
    }

    /// Runs the script to its end: its trimmed standard output and exit status, or nil when
    /// python3 cannot be started.
    package static func run(_ script: String, _ arguments: [String]) -> (output: String, status: Int32)? {
        guard let (process, output) = start(script, arguments) else { return nil }
        let text = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), process.terminationStatus)
    }
}
#endif

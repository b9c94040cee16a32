extension LogicalError {
    /// A 500 worded as Vault words a backend's own failure on an authenticated path: its
    /// multierror text, `1 error occurred:\n\t* <message>\n\n`.
    public static func internalError(_ message: String) -> LogicalError {
        .coded(status: 500, message: "1 error occurred:\n\t* \(message)\n\n")
    }
}

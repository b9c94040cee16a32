// Entry point of the libFuzzer build that `scripts/fuzz --libfuzzer` makes of the targets with
// no dependencies beyond the standard library (json, hcl): coverage-guided, unlike the driver.
// SwiftPM renames an executable's `main`, so this calls libFuzzer's driver itself.
import ArcaFuzzing

#if canImport(Glibc)
    import Glibc
#endif

typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: Callback
) -> CInt

let callback: Callback = { data, count in
    let name = getenv("ARCA_FUZZ_TARGET").map { String(cString: $0) } ?? "json"
    let target = name == "hcl" ? HCLFuzz.target : JSONFuzz.target
    guard case .sync(let body) = target.body else { return 0 }
    do {
        _ = try body(Array(UnsafeBufferPointer(start: data, count: count)))
    } catch {
        print("VIOLATION in \(name): \(error)")
        abort()
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, callback))

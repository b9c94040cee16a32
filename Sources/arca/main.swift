import ArcaCLI
import FoundationEssentials

GlobalExecutor.installNIOEventLoops(environment: ProcessInfo.processInfo.environment)
await ArcaCLIMain.run()

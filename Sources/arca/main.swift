import ArcaCLI

await ArcaCLIMain.run()

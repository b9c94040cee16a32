import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Testing

@testable import ArcaCore

/// Revoking a token removes its entry, accessor, parent link, lease and cubbyhole in one commit,
/// and the expiry timer revokes many due tokens at once without revoking anything twice.
@Suite struct TokenRevokeBatchTests {
  @Test("a token's revocation is one commit: entry, accessor, parent link, lease and cubbyhole")
  func oneCommit() async throws {
    let physical = BarrierBatchWriteTests.RecordingBackend()
    let f = try await LeaseFixture.make(physical: physical)
    try await f.core.policies.put(
      name: "p", text: #"path "auth/token/create" { capabilities = ["update"] }"#)
    let parent = try await f.createToken(["policies": ["p"], "ttl": "1h"])
    let child = try await f.createToken(["policies": ["default"], "ttl": "1h"], token: parent)
    _ = try await f.call(.update, "cubbyhole/a", ["v": "1"], token: child)
    _ = try await f.call(.update, "cubbyhole/b/c", ["v": "2"], token: child)
    let hash = try f.core.tokens.idKey(child)
    let before = physical.log.count
    try await f.call(.update, "auth/token/revoke", ["token": .string(child)])
    let applies = physical.log.dropFirst(before).filter { $0.hasPrefix("apply") }
    // entry + accessor + parent link + lease + two cubbyhole entries
    #expect(applies == ["apply 6"])
    #expect(try await f.core.tokens.lookup(child) == nil)
    #expect(try await f.core.tokens.lookup(parent) != nil)
    #expect(
      try await f.core.barrier.list(
        prefix: TokenStore.parentPrefix + (try f.core.tokens.idKey(parent)) + "/"
      ).isEmpty)
    let prefix = try #require(f.core.mounts.cubbyholePrefix)
    #expect(try await f.core.barrier.list(prefix: prefix + hash + "/").isEmpty)
    let leases =
      try await f.call(.list, "sys/leases/lookup/auth/token/create/")?.data?["keys"]?.arrayValue
      ?? []
    #expect(leases.count == 1, "only the parent's lease is left")
    // The schedule no longer holds the child's lease.
    #expect(f.core.expiration.scheduledCount == 1)
  }

  @Test(
    "tokens expiring together, parents with their children, are all revoked with their secrets once"
  )
  func manyDueAtOnce() async throws {
    let f = try await LeaseFixture.make()
    try await f.core.policies.put(
      name: "p",
      text:
        #"path "leases/creds/*" { capabilities = ["read"] } path "auth/token/create" { capabilities = ["update"] }"#
    )
    var tokens: [String] = []
    for i in 0..<20 {
      let parent = try await f.createToken(["policies": ["p"], "ttl": "60s"])
      let child = try await f.createToken(["policies": ["p"], "ttl": "60s"], token: parent)
      _ = try await f.call(.read, "leases/creds/c\(i)", token: child)
      _ = try await f.call(.update, "cubbyhole/note", ["v": "x"], token: child)
      tokens += [parent, child]
    }
    #expect(try await f.issued().count == 20)
    f.clock.advance(seconds: 61)
    await f.core.expiration.tick()
    for t in tokens { #expect(try await f.core.tokens.lookup(t) == nil) }
    #expect(try await f.issued().isEmpty)
    #expect(try await f.revoked().count == 20)
    #expect(try await f.call(.list, "sys/leases/lookup/auth/token/create/") == nil)
    #expect(try await f.call(.list, "sys/leases/lookup/leases/creds/") == nil)
    #expect(
      try await f.core.barrier.list(prefix: "sys/token/accessor/").count == 1,
      "only the root token's")
    #expect(try await f.core.barrier.list(prefix: "sys/expire/token/").isEmpty)
    let prefix = try #require(f.core.mounts.cubbyholePrefix)
    #expect(try await f.core.barrier.list(prefix: prefix).isEmpty)
    #expect(f.core.expiration.scheduledCount == 0)
  }
}

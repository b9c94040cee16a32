-- KV v2 writes spread over P.keys keys per thread: POST <P.prefix><thread>-<i mod keys>.
-- P.mount (e.g. "secret"), P.prefix, P.keys, P.token, P.value.
local i = 0
local headers = { ["X-Vault-Token"] = P.token, ["Content-Type"] = "application/json" }
local body = '{"data":{"value":"' .. P.value .. '"}}'

function bench_request()
  i = i + 1
  local path = "/v1/" .. P.mount .. "/data/" .. P.prefix .. tid .. "-" .. (i % P.keys)
  return wrk.format("POST", path, headers, body)
end

-- 90 % reads, 10 % writes over P.keys existing keys <P.prefix><n> (written beforehand).
-- Every tenth request of a thread is a write; the key walks the key space.
local i = 0
local headers = { ["X-Vault-Token"] = P.token }
local wheaders = { ["X-Vault-Token"] = P.token, ["Content-Type"] = "application/json" }
local body = '{"data":{"value":"' .. P.value .. '"}}'

function bench_request()
  i = i + 1
  local path = "/v1/" .. P.mount .. "/data/" .. P.prefix .. ((i * 7 + tid) % P.keys)
  if i % 10 == 0 then
    return wrk.format("POST", path, wheaders, body)
  end
  return wrk.format("GET", path, headers)
end

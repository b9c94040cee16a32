-- Reads or writes of random keys among P.count existing keys <P.prefix><n> (the scale points).
-- P.op is "read" or "write".
local headers = { ["X-Vault-Token"] = P.token, ["Content-Type"] = "application/json" }
local body = '{"data":{"value":"' .. P.value .. '"}}'

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

function bench_request()
  local path = "/v1/" .. P.mount .. "/data/" .. P.prefix .. math.random(0, P.count - 1)
  if P.op == "write" then
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

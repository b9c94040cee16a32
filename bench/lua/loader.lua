-- Bounded loader: thread t of P.threads sends the writes numbered t, t+T, t+2T, ... below P.last
-- (starting at P.first), then only cheap GET sys/health requests, and stops itself once it has an
-- answer for every write it sent, so every acknowledged write is counted and none is cut off.
-- P.kind: "kv" (POST <mount>/data/<prefix><n>) or "token" (POST auth/token/create, P.ttl).
-- wrk runs for its whole -d even when every thread has stopped, so a stopping thread appends a
-- line to P.done_file and bench/lib/wrk.py ends wrk (SIGINT) once every thread has.
local n = nil
sent, answered, quota = 0, 0, 0
local last_sent = 0
local headers = { ["X-Vault-Token"] = P.token, ["Content-Type"] = "application/json" }
local kvbody = '{"data":{"value":"' .. P.value .. '"}}'
local tokbody = '{"ttl":"' .. P.ttl .. '","policies":["default"],"no_parent":true}'
local health = nil

local function finish()
  local f = io.open(P.done_file, "a")
  if f then f:write("done\n"); f:close() end
  wrk.thread:stop()
end

function init(args)
  n = P.first + tid
  for k = P.first + tid, P.last - 1, P.threads do quota = quota + 1 end
  health = wrk.format("GET", "/v1/sys/health?standbyok=true")
  if quota == 0 then finish() end
end

-- wrk calls request() once in the first thread's state to check the script (script_verify_request
-- in wrk.c) and never sends that request: the first call there must not use up a write.
local verified = false

function bench_request()
  if tid == 0 and not verified then
    verified = true
    return health
  end
  if n < P.last then
    local k = n
    n = n + P.threads
    sent = sent + 1
    last_sent = os.time()
    if P.kind == "token" then
      return wrk.format("POST", "/v1/auth/token/create", headers, tokbody)
    end
    return wrk.format("POST", "/v1/" .. P.mount .. "/data/" .. P.prefix .. k, headers, kvbody)
  end
  return health
end

local finished = false

function bench_response(status, body)
  if finished then return end
  if not string.find(body or "", '"initialized"', 1, true) then
    answered = answered + 1
  end
  -- A write whose connection wrk had to reopen is never answered: give up on it 10 s after the
  -- last write was sent (Python checks the count afterwards).
  if answered >= quota or (sent >= quota and os.time() - last_sent >= 10) then
    finished = true
    finish()
  end
end

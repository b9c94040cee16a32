-- Appended to every workload script by bench/lib/wrk.py.
-- Counts non-2xx answers per status in each thread, keeps the first bad answer as a sample, and
-- prints one parseable line at the end:
--   BENCH_RESULT {"requests":..,"duration_us":..,"p50_us":..,"p99_us":..,...}
-- Workload scripts may define bench_request() (the next request, a wrk.format string),
-- bench_response(status, body) and bench_thread(thread, index) (called from setup).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads - 1)
  if bench_thread then bench_thread(thread, #threads - 1) end
end

bad = 0
bad_sample = ""
statuses = {}

function response(status, headers, body)
  if status > 299 then
    bad = bad + 1
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    if bad_sample == "" then bad_sample = key .. " " .. string.sub(body or "", 1, 400) end
  end
  if bench_response then bench_response(status, body) end
end

if bench_request then
  request = bench_request
end

local function quote(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local bad_total, sample, merged, answered = 0, "", {}, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + (t:get("bad") or 0)
    answered = answered + (t:get("answered") or 0)
    local s = t:get("bad_sample") or ""
    if sample == "" then sample = s end
    local st = t:get("statuses") or {}
    for k, v in pairs(st) do merged[k] = (merged[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, quote(k) .. ":" .. v) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"bad":%d,"answered":%d,"statuses":{%s},"bad_sample":%s}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout,
    bad_total, answered, table.concat(parts, ","), quote(sample)))
end

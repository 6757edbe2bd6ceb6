-- wrk script for bench/serve.py: prints one JSON line of figures when the run ends.
-- With BENCH_BYPASS=1 every request gets a query parameter of its own, which the page
-- cache lets pass (cms/page_cache.py: only ?page= is cached): the view renders every time,
-- as on a miss, without the cache storing anything.
local bypass = os.getenv("BENCH_BYPASS") == "1"
local counter = 0

request = function()
  if not bypass then
    return wrk.format(nil, wrk.path)
  end
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bypass=" .. counter .. "-" .. math.random(1e9))
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "bytes": %d}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, summary.bytes))
end

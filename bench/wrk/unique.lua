-- Every request a new URL (?u=<run>-<thread>-<n>), so that the output cache never answers: the page is rendered each time.
-- <run> is random for each wrk run, so that a later run does not ask for the URLs of an earlier one (an address is
-- stored from its second request, decision 0480); <thread> tells the threads of one run apart. (Until 2026-12-07 the
-- thread number was a local the threads never saw: every thread and every run asked for u=0-1, u=0-2, … and most
-- "uncached" requests after the first were answered by the cache; decision 0490.)
local function random_hex(bytes)
  local f = io.open("/dev/urandom", "rb")
  local s = f:read(bytes)
  f:close()
  return (s:gsub(".", function(c) return string.format("%02x", string.byte(c)) end))
end
local run = random_hex(8)
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("prefix", run .. "-" .. threads)
end
function init(args)
  n = 0
end
function request()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. "u=" .. prefix .. "-" .. n)
end
function done(summary, latency, requests)
  io.write(string.format("LAT p50=%.2f p95=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

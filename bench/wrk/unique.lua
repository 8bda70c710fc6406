-- Every request a new URL (?u=<thread>-<n>), so that the output cache never answers: the page is rendered each time.
local threads = {}
local id = 0
function setup(thread)
  id = id + 1
  thread:set("id", id)
end
function init(args)
  n = 0
end
function request()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. "u=" .. id .. "-" .. n)
end
function done(summary, latency, requests)
  io.write(string.format("LAT p50=%.2f p95=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

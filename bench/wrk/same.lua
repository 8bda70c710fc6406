-- The same URL every time (served from the output cache after the first request); prints the percentiles in ms.
function done(summary, latency, requests)
  io.write(string.format("LAT p50=%.2f p95=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

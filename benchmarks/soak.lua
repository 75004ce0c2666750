-- wrk script for soak.sh: counts the answers by status, for all of wrk's threads together.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local line = "statuses:"
  for status, count in pairs(total) do
    line = line .. " " .. status .. "=" .. count
  end
  print(line)
  print("socket errors: " .. (summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

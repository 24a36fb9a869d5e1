-- POSTs args[3] (a JSON-RPC body) to the server, each request under the next session id of the
-- file args[1]; the ids are shared out between wrk's threads (args[2] of them). With args[4] =
-- "once", each id is used once and a thread stops when all of its ids were answered, printing
-- WRK-THREAD-DONE (the driver then ends wrk with SIGINT); otherwise each thread cycles through its
-- ids until the run's duration is over. The result line's duration is from the first thread's
-- start to the last thread's end, in microseconds.
local counter = 0
local threads = {}

local function nowMillis()
  local clock = io.popen("date +%s%3N")
  local millis = tonumber(clock:read("*a"))
  clock:close()
  return millis
end

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

function init(args)
  ids = {}
  local threads = tonumber(args[2])
  local i = 0
  for line in io.lines(args[1]) do
    if i % threads == tid then
      ids[#ids + 1] = line
    end
    i = i + 1
  end
  body = args[3]
  once = args[4] == "once"
  sent = 0
  answered = 0
  started = nowMillis()
  finished = 0
end

function request()
  sent = sent + 1
  local index = once and math.min(sent, #ids) or ((sent - 1) % #ids) + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2025-06-18",
  }
  if ids[index] ~= "-" then
    headers["Mcp-Session-Id"] = ids[index]
  end
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  answered = answered + 1
  if once and answered == #ids then
    finished = nowMillis()
    io.write("WRK-THREAD-DONE\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local duration = summary.duration
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    local started, finished = thread:get("started"), thread:get("finished")
    if finished == 0 then
      last = nil
      break
    end
    first = first and math.min(first, started) or started
    last = math.max(last, finished)
  end
  if first and last then
    duration = (last - first) * 1000
  end
  io.write(string.format("WRK-RESULT %d %d %d %d %d %d\n", summary.requests, duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end

-- wrk script for bench/http_bench.py: drives whole USSD sessions, in order, the
-- way Africa's Talking does (each request carries every input so far in `text`).
--
-- Run with one connection per wrk thread (-t N -c N): wrk does not expose the
-- connection in Lua, so the session state lives in the thread's globals, and
-- wrk sends the next request of a connection only after response() has run.
--
-- Configuration comes from the environment (http_bench.py sets it):
--   BENCH_STEPS      the `text` of each request of a session, separated by ';'
--                    (the first is usually empty: the dial). {R} is replaced by
--                    the session's recipient's Paymaart ID.
--   BENCH_FINAL      ';'-separated prefixes the last reply must start with
--                    (e.g. "END Account balance;END Ndalama"); empty: any
--                    CON/END body is accepted at every step (the ceiling).
--   BENCH_CUSTOMERS  file of "phone paymaart_id" lines; each session picks a
--                    random caller, and a random other customer as {R}.
--   BENCH_RUN        a token that makes the session ids of this run unique.
--
-- An error is a status other than 200, a body that does not start with CON or
-- END, a session that ends (END) before its last step, or a last reply without
-- an expected prefix. After an error the thread starts a fresh session.

local function split(text, sep)
  local out = {}
  local from = 1
  while true do
    local at = string.find(text, sep, from, true)
    if not at then
      table.insert(out, string.sub(text, from))
      return out
    end
    table.insert(out, string.sub(text, from, at - 1))
    from = at + #sep
  end
end

local function urlencode(text)
  -- Form encoding; '*' is left as it is (a safe character in practice and what
  -- the gateway sends), '+' and '#' must be escaped.
  return (string.gsub(text, "[^%w%-%._%*]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- Main state: keeps every thread so done() can read their counters.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Thread state -------------------------------------------------------------

local steps, finals, customers
local step, session_no, session_id, phone, recipient
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}

function init(args)
  steps = split(os.getenv("BENCH_STEPS") or "", ";")
  local final = os.getenv("BENCH_FINAL") or ""
  finals = {}
  if final ~= "" then finals = split(final, ";") end
  customers = {}
  local path = os.getenv("BENCH_CUSTOMERS")
  if path and path ~= "" then
    for line in io.lines(path) do
      local p, pm = string.match(line, "^(%S+)%s+(%S+)")
      if p then table.insert(customers, {phone = p, id = pm}) end
    end
  end
  if #customers < 2 then customers = {{phone = "+265991000001", id = "PM100001"},
                                      {phone = "+265991000002", id = "PM100002"}} end
  math.randomseed(os.time() * 1000 + id * 7919)
  requests, errors, sessions, early_end, bad_final, bad_status, bad_body = 0, 0, 0, 0, 0, 0, 0
  sample = ""
  session_no = 0
  new_session()
end

function new_session()
  session_no = session_no + 1
  session_id = string.format("%s-%d-%d", os.getenv("BENCH_RUN") or "bench", id, session_no)
  local payer = math.random(#customers)
  local payee = math.random(#customers - 1)
  if payee >= payer then payee = payee + 1 end
  phone = urlencode(customers[payer].phone)
  recipient = customers[payee].id
  step = 1
end

function request()
  local text = string.gsub(steps[step], "{R}", recipient)
  local body = "sessionId=" .. session_id .. "&serviceCode=%2A3664%23&phoneNumber=" .. phone ..
               "&networkCode=65001&text=" .. urlencode(text)
  return wrk.format("POST", "/callback", headers, body)
end

local function starts_with(text, prefix)
  return string.sub(text, 1, #prefix) == prefix
end

local function fail(kind, status, body)
  errors = errors + 1
  if kind == "status" then bad_status = bad_status + 1
  elseif kind == "body" then bad_body = bad_body + 1
  elseif kind == "early_end" then early_end = early_end + 1
  else bad_final = bad_final + 1 end
  if sample == "" then
    sample = string.format("%s at step %d (text=%q): HTTP %d %q", kind, step, steps[step],
                           status, string.sub(body or "", 1, 120))
  end
  new_session()
end

function response(status, headers, body)
  requests = requests + 1
  if status ~= 200 then return fail("status", status, body) end
  local is_con, is_end = starts_with(body, "CON "), starts_with(body, "END ")
  if not (is_con or is_end) then return fail("body", status, body) end
  if #finals > 0 then
    if step < #steps and is_end then return fail("early_end", status, body) end
    if step == #steps then
      local ok = false
      for _, prefix in ipairs(finals) do
        if starts_with(body, prefix) then ok = true end
      end
      if not ok then return fail("final", status, body) end
    end
  end
  if step == #steps then
    sessions = sessions + 1
    new_session()
  else
    step = step + 1
  end
end

-- Main state again ---------------------------------------------------------

function done(summary, latency, requests_)
  local t = {requests = 0, errors = 0, sessions = 0, early_end = 0, bad_final = 0,
             bad_status = 0, bad_body = 0}
  local samples = {}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(t) do t[name] = t[name] + (tonumber(thread:get(name)) or 0) end
    local s = thread:get("sample")
    if s and s ~= "" then table.insert(samples, s) end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f " ..
    "sessions=%d errors=%d early_end=%d bad_final=%d bad_status=%d bad_body=%d " ..
    "connect=%d read=%d write=%d timeout=%d lua_requests=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, t.sessions, t.errors, t.early_end,
    t.bad_final, t.bad_status, t.bad_body, e.connect, e.read, e.write, e.timeout, t.requests))
  for _, s in ipairs(samples) do io.write("SAMPLE " .. s .. "\n") end
end

# ffi-rzmq (Debian's ruby-ffi-rzmq) over the libzmq.so.5 the loader finds:
# REQ/REP and PUB/SUB over tcp, a poller, a multipart message, an error path.
# Prints "version X.Y.Z", then "mapped PATH" for each libzmq file mapped into
# this process (from /proc/self/maps), then "ok". Run by test_binding_ruby.sh.
require 'ffi-rzmq'

def check(cond, what)
  return if cond
  warn "FAIL: #{what} (#{ZMQ::Util.error_string})"
  exit 1
end

def endpoint(sock)
  ep = ''
  check(ZMQ::Util.resultcode_ok?(sock.getsockopt(ZMQ::LAST_ENDPOINT, ep = [])), 'ZMQ_LAST_ENDPOINT')
  ep.first.to_s.delete("\0")
end

v = LibZMQ.version
puts "version #{v[:major]}.#{v[:minor]}.#{v[:patch]}"

ctx = ZMQ::Context.new
rep = ctx.socket(ZMQ::REP)
req = ctx.socket(ZMQ::REQ)
check(rep.bind('tcp://127.0.0.1:*') == 0, 'bind')
check(req.connect(endpoint(rep)) == 0, 'connect')

# REQ/REP with a multipart request.
check(req.send_strings(%w[hello world]) >= 0, 'send multipart')
parts = []
check(rep.recv_strings(parts) >= 0, 'recv multipart')
check(parts == %w[hello world], "multipart content #{parts.inspect}")
check(rep.send_string('pong') >= 0, 'send reply')
reply = ''
check(req.recv_string(reply) >= 0 && reply == 'pong', 'recv reply')

# Error path: a REQ may not send twice in a row (EFSM).
check(req.send_string('again') >= 0, 'second request')
rc = req.send_string('too soon')
check(rc == -1 && ZMQ::Util.errno == ZMQ::EFSM, "EFSM expected, got rc #{rc} errno #{ZMQ::Util.errno}")

# PUB/SUB with a prefix filter, waited for with a poller.
pub = ctx.socket(ZMQ::PUB)
sub = ctx.socket(ZMQ::SUB)
check(pub.bind('tcp://127.0.0.1:*') == 0, 'pub bind')
check(sub.setsockopt(ZMQ::SUBSCRIBE, 'news') == 0, 'subscribe')
check(sub.connect(endpoint(pub)) == 0, 'sub connect')
poller = ZMQ::Poller.new
poller.register_readable(sub)
got = nil
200.times do
  # The subscription reaches the publisher asynchronously: publish until one arrives.
  pub.send_string('weather: skip')
  pub.send_string('news: hello')
  next unless poller.poll(50) > 0
  msg = ''
  check(sub.recv_string(msg) >= 0, 'sub recv')
  got = msg
  break
end
check(got == 'news: hello', "pub/sub got #{got.inspect}")

[req, rep, pub, sub].each { |s| s.setsockopt(ZMQ::LINGER, 0); s.close }
ctx.terminate

File.foreach('/proc/self/maps') do |line|
  path = line.split[5]
  puts "mapped #{path}" if path && File.basename(path).start_with?('libzmq')
end
puts 'ok'

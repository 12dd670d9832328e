# ffi-rzmq (Debian's ruby-ffi-rzmq) over the libzmq.so.5 the loader finds:
# REQ/REP and PUB/SUB over tcp, a poller, a multipart message, an error path,
# CURVE and PLAIN (with a ZAP handler) round trips.
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

# Security: a REQ/REP round trip over a server and a client socket configured
# by the given options, each socket bounded by a receive timeout. While a
# ZAP handler is given, it must answer the server's request in between.
def secure_roundtrip(ctx, server_opts, client_opts, zap = nil)
  server = ctx.socket(ZMQ::REP)
  client = ctx.socket(ZMQ::REQ)
  [server, client].each { |s| s.setsockopt(ZMQ::RCVTIMEO, 5000); s.setsockopt(ZMQ::LINGER, 0) }
  server_opts.each { |opt, val| check(server.setsockopt(opt, val) == 0, "server option #{opt}") }
  client_opts.each { |opt, val| check(client.setsockopt(opt, val) == 0, "client option #{opt}") }
  check(server.bind('tcp://127.0.0.1:*') == 0, 'secure bind')
  check(client.connect(endpoint(server)) == 0, 'secure connect')
  check(client.send_string('secret') >= 0, 'secure send')
  zap&.call
  msg = ''
  check(server.recv_string(msg) >= 0 && msg == 'secret', "secure request #{msg.inspect}")
  check(server.send_string('granted') >= 0, 'secure reply')
  check(client.recv_string(msg) >= 0 && msg == 'granted', "secure reply #{msg.inspect}")
  [server, client].each(&:close)
end

# CURVE with keys from the binding's keypair call; no ZAP handler is bound
# yet, so the server admits any client that knows its public key.
server_public, server_secret = ZMQ::Util.curve_keypair
client_public, client_secret = ZMQ::Util.curve_keypair
check(server_public.size == 40 && client_secret.size == 40, 'Z85 key length')
secure_roundtrip(ctx, { ZMQ::CURVE_SERVER => 1, ZMQ::CURVE_SECRETKEY => server_secret },
                 { ZMQ::CURVE_SERVERKEY => server_public, ZMQ::CURVE_PUBLICKEY => client_public,
                   ZMQ::CURVE_SECRETKEY => client_secret })

# PLAIN: a PLAIN server needs a ZAP handler, here a REP socket on the
# context's ZAP endpoint that admits only the expected credentials.
zap = ctx.socket(ZMQ::REP)
zap.setsockopt(ZMQ::RCVTIMEO, 5000)
zap.setsockopt(ZMQ::LINGER, 0)
check(zap.bind('inproc://zeromq.zap.01') == 0, 'ZAP bind')
answer_zap = lambda do
  request = []
  check(zap.recv_strings(request) >= 0, 'ZAP request')
  check(request[0] == '1.0' && request[5] == 'PLAIN', "ZAP request #{request.inspect}")
  status = request[6, 2] == %w[admin s3cret] ? '200' : '400'
  check(zap.send_strings(['1.0', request[1], status, 'OK', '', '']) >= 0, 'ZAP reply')
end
secure_roundtrip(ctx, { ZMQ::PLAIN_SERVER => 1 },
                 { ZMQ::PLAIN_USERNAME => 'admin', ZMQ::PLAIN_PASSWORD => 's3cret' }, answer_zap)
zap.close

[req, rep, pub, sub].each { |s| s.setsockopt(ZMQ::LINGER, 0); s.close }
ctx.terminate

File.foreach('/proc/self/maps') do |line|
  path = line.split[5]
  puts "mapped #{path}" if path && File.basename(path).start_with?('libzmq')
end
puts 'ok'

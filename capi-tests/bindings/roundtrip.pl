# ZMQ::FFI (Debian's libzmq-ffi-perl) over the libzmq it loads: REQ/REP with a
# multipart request, EFSM on a second REQ send, PUB/SUB with a filter waited
# for by polling the socket's ZMQ_FD, CURVE and PLAIN (with a ZAP handler)
# round trips. Prints "version X.Y.Z", a "mapped PATH"
# line per libzmq file in /proc/self/maps, then "ok". With an argument, loads
# that soname; without, ZMQ::FFI finds the library itself (ldconfig's cache).
# Run by test_binding_perl.sh and the Debian package test.
use strict;
use warnings;
use IO::Select;
use ZMQ::FFI;
use ZMQ::FFI::Constants qw(ZMQ_REQ ZMQ_REP ZMQ_PUB ZMQ_SUB ZMQ_LAST_ENDPOINT ZMQ_RCVTIMEO
    ZMQ_CURVE_SERVER ZMQ_CURVE_PUBLICKEY ZMQ_CURVE_SECRETKEY ZMQ_CURVE_SERVERKEY
    ZMQ_PLAIN_SERVER ZMQ_PLAIN_USERNAME ZMQ_PLAIN_PASSWORD);

my $ctx = @ARGV ? ZMQ::FFI->new(soname => $ARGV[0]) : ZMQ::FFI->new();
my ($major, $minor, $patch) = $ctx->version;
print "version $major.$minor.$patch\n";

sub check { my ($ok, $what) = @_; die "FAIL: $what\n" unless $ok; }

my $rep = $ctx->socket(ZMQ_REP);
my $req = $ctx->socket(ZMQ_REQ);
$rep->bind('tcp://127.0.0.1:*');
$req->connect($rep->get(ZMQ_LAST_ENDPOINT, 'string'));

$req->send_multipart([qw(hello world)]);
my @parts = $rep->recv_multipart;
check("@parts" eq 'hello world', "multipart content '@parts'");
$rep->send('pong');
check($req->recv eq 'pong', 'reply');

# Error path: a REQ may not send twice in a row.
$req->send('again');
eval { $req->send('too soon'); };
check($@ =~ /current state/, "EFSM expected, got '$@'");

# PUB/SUB; the subscription reaches the publisher asynchronously, so publish
# until a message arrives, waiting on the subscriber's ZMQ_FD.
my $pub = $ctx->socket(ZMQ_PUB);
my $sub = $ctx->socket(ZMQ_SUB);
$pub->bind('tcp://127.0.0.1:*');
$sub->subscribe('news');
$sub->connect($pub->get(ZMQ_LAST_ENDPOINT, 'string'));
# IO::Select takes the descriptor number: no Perl handle may own (and close) it.
my $select = IO::Select->new($sub->get_fd);
my $got;
for (1 .. 200) {
    $pub->send('weather: skip');
    $pub->send('news: hello');
    $select->can_read(0.05) unless $sub->has_pollin;
    if ($sub->has_pollin) {
        $got = $sub->recv;
        last;
    }
}
check(defined $got && $got eq 'news: hello', 'pub/sub message');

# Security: a REQ/REP round trip over a server and a client socket set up
# with the given [option, type, value] lists, each bounded by a receive
# timeout (a timed-out recv dies). A ZAP handler, when given, answers in between.
sub secure_roundtrip {
    my ($server_opts, $client_opts, $zap) = @_;
    my $server = $ctx->socket(ZMQ_REP);
    my $client = $ctx->socket(ZMQ_REQ);
    for my $s ($server, $client) {
        $s->set(ZMQ_RCVTIMEO, 'int', 5000);
        $s->set_linger(0);
    }
    $server->set(@$_) for @$server_opts;
    $client->set(@$_) for @$client_opts;
    $server->bind('tcp://127.0.0.1:*');
    $client->connect($server->get(ZMQ_LAST_ENDPOINT, 'string'));
    $client->send('secret');
    $zap->() if $zap;
    check($server->recv eq 'secret', 'secure request');
    $server->send('granted');
    check($client->recv eq 'granted', 'secure reply');
    $_->close for $server, $client;
}

# CURVE with keys from the context's curve_keypair (Z85 with its NUL, as
# zmq_curve_keypair writes it); no ZAP handler is bound yet, so the server
# admits any client that knows its public key.
my ($server_public, $server_secret) = $ctx->curve_keypair;
my ($client_public, $client_secret) = $ctx->curve_keypair;
check(length($server_public) == 41 && $server_public =~ /^[^\0]{40}\0$/, 'Z85 key');
secure_roundtrip(
    [[ZMQ_CURVE_SERVER, 'int', 1], [ZMQ_CURVE_SECRETKEY, 'binary', $server_secret]],
    [
        [ZMQ_CURVE_SERVERKEY, 'binary', $server_public],
        [ZMQ_CURVE_PUBLICKEY, 'binary', $client_public],
        [ZMQ_CURVE_SECRETKEY, 'binary', $client_secret],
    ],
);

# PLAIN: a PLAIN server needs a ZAP handler, here a REP socket on the
# context's ZAP endpoint that admits only the expected credentials.
my $zap = $ctx->socket(ZMQ_REP);
$zap->set(ZMQ_RCVTIMEO, 'int', 5000);
$zap->set_linger(0);
$zap->bind('inproc://zeromq.zap.01');
secure_roundtrip(
    [[ZMQ_PLAIN_SERVER, 'int', 1]],
    [[ZMQ_PLAIN_USERNAME, 'string', 'admin'], [ZMQ_PLAIN_PASSWORD, 'string', 's3cret']],
    sub {
        my @request = $zap->recv_multipart;
        check(@request >= 8 && $request[0] eq '1.0' && $request[5] eq 'PLAIN', "ZAP request '@request'");
        my $status = "$request[6]:$request[7]" eq 'admin:s3cret' ? '200' : '400';
        $zap->send_multipart(['1.0', $request[1], $status, 'OK', '', '']);
    },
);
$zap->close;

for my $s ($req, $rep, $pub, $sub) {
    $s->set_linger(0);
    $s->close;
}
$ctx->destroy;

open(my $maps, '<', '/proc/self/maps') or die "maps: $!\n";
while (<$maps>) {
    my $path = (split)[5];
    print "mapped $path\n" if defined $path && $path =~ m{/libzmq[^/]*$};
}
print "ok\n";

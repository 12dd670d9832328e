# ZMQ::FFI (Debian's libzmq-ffi-perl) over the libzmq it loads: REQ/REP with a
# multipart request, EFSM on a second REQ send, PUB/SUB with a filter waited
# for by polling the socket's ZMQ_FD. Prints "version X.Y.Z", a "mapped PATH"
# line per libzmq file in /proc/self/maps, then "ok". With an argument, loads
# that soname; without, ZMQ::FFI finds the library itself (ldconfig's cache).
# Run by test_binding_perl.sh and the Debian package test.
use strict;
use warnings;
use IO::Select;
use ZMQ::FFI;
use ZMQ::FFI::Constants qw(ZMQ_REQ ZMQ_REP ZMQ_PUB ZMQ_SUB ZMQ_LAST_ENDPOINT);

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

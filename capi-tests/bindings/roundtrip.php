<?php
// php-zmq (Debian's php-zmq) over the libzmq.so.5 the loader finds: REQ/REP
// with a multipart request, EFSM on a second REQ send, PUB/SUB with a filter
// waited for with ZMQPoll. Prints "version X.Y.Z", a "mapped PATH" line per
// libzmq file in /proc/self/maps, then "ok". Run by test_binding_php.sh.

function check($ok, $what)
{
    if (!$ok) {
        fwrite(STDERR, "FAIL: $what\n");
        exit(1);
    }
}

echo "version ", ZMQ::LIBZMQ_VERSION, "\n";

$ctx = new ZMQContext(1, false);
$rep = $ctx->getSocket(ZMQ::SOCKET_REP);
$req = $ctx->getSocket(ZMQ::SOCKET_REQ);
$rep->bind("tcp://127.0.0.1:*");
$req->connect($rep->getSockOpt(ZMQ::SOCKOPT_LAST_ENDPOINT));

$req->sendmulti(["hello", "world"]);
$parts = $rep->recvmulti();
check($parts === ["hello", "world"], "multipart content " . json_encode($parts));
$rep->send("pong");
check($req->recv() === "pong", "reply");

// Error path: a REQ may not send twice in a row.
$req->send("again");
$code = null;
try {
    $req->send("too soon");
} catch (ZMQSocketException $e) {
    $code = $e->getCode();
}
check($code === ZMQ::ERR_EFSM, "EFSM expected, got " . var_export($code, true));

// PUB/SUB; the subscription reaches the publisher asynchronously, so publish
// until a message arrives.
$pub = $ctx->getSocket(ZMQ::SOCKET_PUB);
$sub = $ctx->getSocket(ZMQ::SOCKET_SUB);
$pub->bind("tcp://127.0.0.1:*");
$sub->setSockOpt(ZMQ::SOCKOPT_SUBSCRIBE, "news");
$sub->connect($pub->getSockOpt(ZMQ::SOCKOPT_LAST_ENDPOINT));
$poll = new ZMQPoll();
$poll->add($sub, ZMQ::POLL_IN);
$got = null;
for ($i = 0; $i < 200 && $got === null; $i++) {
    $pub->send("weather: skip");
    $pub->send("news: hello");
    $readable = $writable = [];
    if ($poll->poll($readable, $writable, 50) > 0) {
        $got = $sub->recv();
    }
}
check($got === "news: hello", "pub/sub got " . var_export($got, true));

foreach ([$req, $rep, $pub, $sub] as $s) {
    $s->setSockOpt(ZMQ::SOCKOPT_LINGER, 0);
}
unset($req, $rep, $pub, $sub, $poll, $ctx);

foreach (file("/proc/self/maps") as $line) {
    $fields = preg_split('/\s+/', trim($line));
    if (isset($fields[5]) && preg_match('{/libzmq[^/]*$}', $fields[5])) {
        echo "mapped ", $fields[5], "\n";
    }
}
echo "ok\n";

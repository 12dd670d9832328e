<?php
// php-zmq (Debian's php-zmq) over the libzmq.so.5 the loader finds: REQ/REP
// with a multipart request, EFSM on a second REQ send, PUB/SUB with a filter
// waited for with ZMQPoll, CURVE and PLAIN (with a ZAP handler) round
// trips. Prints "version X.Y.Z", a "mapped PATH" line per
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

// Security: a REQ/REP round trip over a server and a client socket set up
// with the given options, each bounded by a receive timeout (a timed-out
// recv returns false). A ZAP handler, when given, answers in between.
function secure_roundtrip($ctx, $serverOpts, $clientOpts, $zap = null)
{
    $server = $ctx->getSocket(ZMQ::SOCKET_REP);
    $client = $ctx->getSocket(ZMQ::SOCKET_REQ);
    foreach ([$server, $client] as $s) {
        $s->setSockOpt(ZMQ::SOCKOPT_RCVTIMEO, 5000);
        $s->setSockOpt(ZMQ::SOCKOPT_LINGER, 0);
    }
    foreach ($serverOpts as $opt => $val) {
        $server->setSockOpt($opt, $val);
    }
    foreach ($clientOpts as $opt => $val) {
        $client->setSockOpt($opt, $val);
    }
    $server->bind("tcp://127.0.0.1:*");
    $client->connect($server->getSockOpt(ZMQ::SOCKOPT_LAST_ENDPOINT));
    $client->send("secret");
    if ($zap !== null) {
        $zap();
    }
    $got = $server->recv();
    check($got === "secret", "secure request " . var_export($got, true));
    $server->send("granted");
    $got = $client->recv();
    check($got === "granted", "secure reply " . var_export($got, true));
}

// CURVE with keys from ZMQ::curveKeyPair(); no ZAP handler is bound yet, so
// the server admits any client that knows its public key.
$serverKeys = ZMQ::curveKeyPair();
$clientKeys = ZMQ::curveKeyPair();
check(strlen($serverKeys["public_key"]) === 40, "Z85 key length");
secure_roundtrip(
    $ctx,
    [ZMQ::SOCKOPT_CURVE_SERVER => 1, ZMQ::SOCKOPT_CURVE_SECRETKEY => $serverKeys["secret_key"]],
    [
        ZMQ::SOCKOPT_CURVE_SERVERKEY => $serverKeys["public_key"],
        ZMQ::SOCKOPT_CURVE_PUBLICKEY => $clientKeys["public_key"],
        ZMQ::SOCKOPT_CURVE_SECRETKEY => $clientKeys["secret_key"],
    ]
);

// PLAIN: a PLAIN server needs a ZAP handler, here a REP socket on the
// context's ZAP endpoint that admits only the expected credentials.
$zapSocket = $ctx->getSocket(ZMQ::SOCKET_REP);
$zapSocket->setSockOpt(ZMQ::SOCKOPT_RCVTIMEO, 5000);
$zapSocket->setSockOpt(ZMQ::SOCKOPT_LINGER, 0);
$zapSocket->bind("inproc://zeromq.zap.01");
$answerZap = function () use ($zapSocket) {
    $request = $zapSocket->recvmulti();
    check(is_array($request) && $request[0] === "1.0" && $request[5] === "PLAIN",
        "ZAP request " . json_encode($request));
    $status = array_slice($request, 6, 2) === ["admin", "s3cret"] ? "200" : "400";
    $zapSocket->sendmulti(["1.0", $request[1], $status, "OK", "", ""]);
};
secure_roundtrip(
    $ctx,
    [ZMQ::SOCKOPT_PLAIN_SERVER => 1],
    [ZMQ::SOCKOPT_PLAIN_USERNAME => "admin", ZMQ::SOCKOPT_PLAIN_PASSWORD => "s3cret"],
    $answerZap
);
unset($zapSocket, $answerZap);

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

// jzmq (Debian's libzmq-java, JNI through libzmq-jni's libjzmq.so) over the
// libzmq.so.5 the loader finds: REQ/REP with a multipart request, EFSM on a
// second REQ send, PUB/SUB with a filter and a Poller, a PLAIN round trip with
// a ZAP handler. No CURVE: jzmq 3.1 has no CURVE setters nor a keypair call,
// and its protected native setLongSockopt(ZMQ_CURVE_SERVER, 1), reached from a
// subclass, throws EINVAL over the reference libzmq too. jzmq 3.1 cannot read
// ZMQ_LAST_ENDPOINT, so the wildcard tcp port of each bind is learnt from the
// socket's monitor (the LISTENING event names the endpoint). Prints
// "version X.Y.Z", a "mapped PATH" line per libzmq file in /proc/self/maps,
// then "ok". jzmq's version calls return the ZMQ_VERSION of the header
// libjzmq.so was compiled with, not the running library's, so they are printed
// as "compiled-against"; the maps tell which library runs. Run by
// test_binding_java.sh.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

public class Roundtrip {
    static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("FAIL: " + what);
            System.exit(1);
        }
    }

    static String bindWildcard(ZMQ.Context ctx, ZMQ.Socket socket, String name) {
        String monitor = "inproc://monitor-" + name;
        check(socket.monitor(monitor, ZMQ.EVENT_LISTENING), "monitor");
        ZMQ.Socket events = ctx.socket(ZMQ.PAIR);
        events.connect(monitor);
        socket.bind("tcp://127.0.0.1:*");
        ZMQ.Event event = ZMQ.Event.recv(events);
        check(event.getEvent() == ZMQ.EVENT_LISTENING, "LISTENING event");
        socket.monitor(null, 0);
        events.close();
        return event.getAddress();
    }

    interface Setup {
        void apply(ZMQ.Socket server, ZMQ.Socket client);
    }

    // Security: a REQ/REP round trip over a server and a client socket set up
    // by `setup`, each bounded by a receive timeout (a timed-out recvStr
    // returns null). `zap`, when given, answers the ZAP request in between.
    static void secureRoundtrip(ZMQ.Context ctx, Setup setup, Runnable zap) {
        ZMQ.Socket server = ctx.socket(ZMQ.REP);
        ZMQ.Socket client = ctx.socket(ZMQ.REQ);
        for (ZMQ.Socket s : new ZMQ.Socket[] {server, client}) {
            s.setReceiveTimeOut(5000);
            s.setLinger(0);
        }
        setup.apply(server, client);
        client.connect(bindWildcard(ctx, server, "secure-" + System.identityHashCode(server)));
        check(client.send("secret"), "secure send");
        if (zap != null) {
            zap.run();
        }
        check("secret".equals(server.recvStr(0)), "secure request");
        check(server.send("granted"), "secure reply send");
        check("granted".equals(client.recvStr(0)), "secure reply");
        server.close();
        client.close();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("compiled-against " + ZMQ.getMajorVersion() + "." + ZMQ.getMinorVersion()
                + "." + ZMQ.getPatchVersion());
        ZMQ.Context ctx = ZMQ.context(1);
        ZMQ.Socket rep = ctx.socket(ZMQ.REP);
        ZMQ.Socket req = ctx.socket(ZMQ.REQ);
        req.connect(bindWildcard(ctx, rep, "rep"));

        check(req.send("hello", ZMQ.SNDMORE) && req.send("world", 0), "send multipart");
        check("hello".equals(rep.recvStr(0)) && rep.hasReceiveMore(), "first part");
        check("world".equals(rep.recvStr(0)) && !rep.hasReceiveMore(), "last part");
        check(rep.send("pong"), "send reply");
        check("pong".equals(req.recvStr(0)), "reply");

        // Error path: a REQ may not send twice in a row.
        req.send("again");
        int code = 0;
        try {
            req.send("too soon");
        } catch (ZMQException e) {
            code = e.getErrorCode();
        }
        check(code == ZMQ.Error.EFSM.getCode(), "EFSM expected, got " + code);

        // PUB/SUB; the subscription reaches the publisher asynchronously, so
        // publish until a message arrives.
        ZMQ.Socket pub = ctx.socket(ZMQ.PUB);
        ZMQ.Socket sub = ctx.socket(ZMQ.SUB);
        sub.subscribe("news".getBytes(StandardCharsets.UTF_8));
        sub.connect(bindWildcard(ctx, pub, "pub"));
        ZMQ.Poller poller = new ZMQ.Poller(1);
        poller.register(sub, ZMQ.Poller.POLLIN);
        String got = null;
        for (int i = 0; i < 200 && got == null; i++) {
            pub.send("weather: skip");
            pub.send("news: hello");
            if (poller.poll(50) > 0 && poller.pollin(0)) {
                got = sub.recvStr(0);
            }
        }
        check("news: hello".equals(got), "pub/sub got " + got);

        // PLAIN through jzmq's own setters: a PLAIN server needs a ZAP
        // handler, here a REP socket on the context's ZAP endpoint that admits
        // only the expected credentials.
        ZMQ.Socket zap = ctx.socket(ZMQ.REP);
        zap.setReceiveTimeOut(5000);
        zap.setLinger(0);
        zap.bind("inproc://zeromq.zap.01");
        secureRoundtrip(ctx, (server, client) -> {
            server.setPlainServer(true);
            client.setPlainUsername("admin".getBytes(StandardCharsets.UTF_8));
            client.setPlainPassword("s3cret".getBytes(StandardCharsets.UTF_8));
        }, () -> {
            java.util.List<String> request = new java.util.ArrayList<>();
            do {
                String part = zap.recvStr(0);
                check(part != null, "ZAP request part");
                request.add(part);
            } while (zap.hasReceiveMore());
            check(request.size() >= 8 && request.get(0).equals("1.0") && request.get(5).equals("PLAIN"),
                    "ZAP request " + request);
            boolean known = request.get(6).equals("admin") && request.get(7).equals("s3cret");
            zap.sendMore("1.0");
            zap.sendMore(request.get(1));
            zap.sendMore(known ? "200" : "400");
            zap.sendMore("OK");
            zap.sendMore("");
            zap.send("");
        });
        zap.close();

        for (ZMQ.Socket s : new ZMQ.Socket[] {req, rep, pub, sub}) {
            s.setLinger(0);
            s.close();
        }
        ctx.term();

        for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 5 && Paths.get(fields[5]).getFileName().toString().startsWith("libzmq")) {
                System.out.println("mapped " + fields[5]);
            }
        }
        System.out.println("ok");
    }
}

// cppzmq over the library found by cppzmq's CMake package: PUSH/PULL over tcp
// with a multipart message, then the library version.
#include <cstdio>
#include <string>
#include <zmq.hpp>
#include <zmq_addon.hpp>

int main()
{
    zmq::context_t ctx;
    zmq::socket_t pull(ctx, zmq::socket_type::pull);
    zmq::socket_t push(ctx, zmq::socket_type::push);
    pull.bind("tcp://127.0.0.1:*");
    push.connect(pull.get(zmq::sockopt::last_endpoint));

    zmq::multipart_t out;
    out.addstr("hello");
    out.addstr("world");
    out.send(push);
    zmq::multipart_t in(pull);
    if (in.size() != 2 || in.popstr() != "hello" || in.popstr() != "world") {
        std::fprintf(stderr, "multipart round trip failed\n");
        return 1;
    }
    auto v = zmq::version();
    std::printf("%d.%d.%d\n", std::get<0>(v), std::get<1>(v), std::get<2>(v));
    return 0;
}

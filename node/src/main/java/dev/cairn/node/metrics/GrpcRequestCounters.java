package dev.cairn.node.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of go-grpc-prometheus, which etcd exposes for its gRPC server: RPCs started and handled (by status
 * code), stream messages received and sent, each per method. Methods are registered up front, as etcd does, so their
 * series exist (at zero) before the first call; counting never allocates once a method is known.
 */
public final class GrpcRequestCounters {
    /** Status code names as Go spells them, indexed by the code's number (the same in every gRPC implementation). */
    static final List<String> CODE_NAMES = List.of("OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
            "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
            "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated");

    private final Map<String, Method> methods = new ConcurrentHashMap<>();

    /**
     * The counters of one method, registered on first use.
     *
     * @param type go-grpc-prometheus' {@code grpc_type}: unary, client_stream, server_stream or bidi_stream
     */
    public Method method(String service, String method, String type) {
        String key = service + '/' + method;
        Method found = methods.get(key);
        return found != null ? found : methods.computeIfAbsent(key, k -> new Method(service, method, type));
    }

    public void writeTo(PrometheusText text) {
        List<Method> sorted = methods.values().stream()
                .sorted(Comparator.comparing((Method m) -> m.service).thenComparing(m -> m.method)).toList();
        text.family("grpc_server_started_total", "counter", "Total number of RPCs started on the server.");
        sorted.forEach(m -> text.sample("grpc_server_started_total", m.started.sum(), m.labels()));
        text.family("grpc_server_handled_total", "counter",
                "Total number of RPCs completed on the server, regardless of success or failure.");
        for (Method m : sorted) {
            for (int code = 0; code < CODE_NAMES.size(); code++) {
                text.sample("grpc_server_handled_total", m.handled[code].sum(), "grpc_code", CODE_NAMES.get(code),
                        "grpc_method", m.method, "grpc_service", m.service, "grpc_type", m.type);
            }
        }
        text.family("grpc_server_msg_received_total", "counter",
                "Total number of RPC stream messages received on the server.");
        sorted.forEach(m -> text.sample("grpc_server_msg_received_total", m.received.sum(), m.labels()));
        text.family("grpc_server_msg_sent_total", "counter", "Total number of gRPC stream messages sent by the server.");
        sorted.forEach(m -> text.sample("grpc_server_msg_sent_total", m.sent.sum(), m.labels()));
    }

    /** The counters of one RPC method. */
    public static final class Method {
        private final String service;
        private final String method;
        private final String type;
        private final LongAdder started = new LongAdder();
        private final LongAdder received = new LongAdder();
        private final LongAdder sent = new LongAdder();
        private final LongAdder[] handled = new LongAdder[CODE_NAMES.size()];

        private Method(String service, String method, String type) {
            this.service = service;
            this.method = method;
            this.type = type;
            for (int i = 0; i < handled.length; i++) {
                handled[i] = new LongAdder();
            }
        }

        public void started() {
            started.increment();
        }

        public void received() {
            received.increment();
        }

        public void sent() {
            sent.increment();
        }

        /** Counts a completed call by its status code number; numbers gRPC does not define count as Unknown. */
        public void handled(int code) {
            handled[code >= 0 && code < handled.length ? code : 2].increment();
        }

        private String[] labels() {
            return new String[] {"grpc_method", method, "grpc_service", service, "grpc_type", type};
        }
    }
}

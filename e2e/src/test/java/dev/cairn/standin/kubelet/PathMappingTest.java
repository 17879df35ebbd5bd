package dev.cairn.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathMappingTest {

    private final PathMapping mapping = new PathMapping(Map.of(
            "/etc/tls", Path.of("/host/tls"),
            "/etc/tls/server/", Path.of("/host/server"),
            "/var/lib/etcd", Path.of("/host/data")));

    @Test
    void theLongestMountPathWins() {
        assertThat(mapping.rewrite("--cert-file=/etc/tls/server/tls.crt"))
                .isEqualTo("--cert-file=/host/server/tls.crt");
        assertThat(mapping.rewrite("--ca=/etc/tls/ca.crt")).isEqualTo("--ca=/host/tls/ca.crt");
    }

    @Test
    void pathsAreRewrittenWhereAPathCanStartAndEnd() {
        assertThat(mapping.rewrite("/var/lib/etcd")).isEqualTo("/host/data");
        assertThat(mapping.rewrite("a=/var/lib/etcd/data,b:/etc/tls x /etc/tls/")).isEqualTo(
                "a=/host/data/data,b:/host/tls x /host/tls/");
        assertThat(mapping.rewrite("cat '/var/lib/etcd/f'")).isEqualTo("cat '/host/data/f'");
    }

    @Test
    void lookalikesAreLeftAlone() {
        assertThat(mapping.rewrite("/var/lib/etcd2/x")).isEqualTo("/var/lib/etcd2/x");
        assertThat(mapping.rewrite("http://host/var/lib/etcd")).isEqualTo("http://host/var/lib/etcd");
        assertThat(mapping.rewrite("/opt/etc/tls")).isEqualTo("/opt/etc/tls");
    }

    @Test
    void hostPathsResolveUnderTheLongestMount() {
        assertThat(mapping.hostPath("/etc/tls/server/key")).contains(Path.of("/host/server/key"));
        assertThat(mapping.hostPath("/var/lib/etcd")).contains(Path.of("/host/data"));
        assertThat(mapping.hostPath("/tmp")).isEmpty();
    }

    @Test
    void relativeOrRootMountPathsAreRefused() {
        assertThatThrownBy(() -> new PathMapping(Map.of("data", Path.of("/x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PathMapping(Map.of("/", Path.of("/x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

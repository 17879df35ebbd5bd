package dev.cairn.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpsTest {

    @Test
    void handsOutEachAddressOfItsNetworkOnceUntilReleased() {
        PodIps ips = new PodIps("127.12.34");

        assertThat(ips.allocate("a")).hasValue("127.12.34.2");
        assertThat(ips.allocate("b")).hasValue("127.12.34.3");
        assertThat(ips.claim("127.12.34.3", "c")).isFalse();
        ips.release("a");
        assertThat(ips.allocate("c")).hasValue("127.12.34.2");
        for (int i = 0; i < 251; i++) {
            assertThat(ips.allocate("filler-" + i)).isPresent();
        }
        assertThat(ips.allocate("one-too-many")).isEmpty();
        assertThat(ips.range()).isEqualTo("127.12.34.2 to 127.12.34.254");
    }

    @Test
    void randomNetworksAreLoopbackNeverTheHostsAndDifferBetweenKubelets() {
        Set<String> networks = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String address = PodIps.onRandomNetwork().allocate("pod").orElseThrow();
            assertThat(address).matches("127\\.[0-9]+\\.[0-9]+\\.2").doesNotStartWith("127.0.0.");
            networks.add(address);
        }
        // 20 draws from 65,024 networks: a repeat is possible but rare; all equal would mean no randomness.
        assertThat(networks.size()).isGreaterThan(10);
    }

    @Test
    void refusesANetworkOutsideLoopbackOrTheHosts() {
        assertThatThrownBy(() -> new PodIps("127.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodIps("10.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodIps("127.256.1")).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.cairn.node.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    private static final TreeMap<byte[], String> KEYS = new TreeMap<>(KeyRange.ORDER);

    static {
        for (String key : List.of("a", "ab", "b", "b\u00ff", "c", "zzz", "\u00ff")) {
            KEYS.put(b(key), key);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> select(String key, String end) {
        return List.copyOf(KeyRange.of(b(key), b(end)).select(KEYS).values());
    }

    @Test
    void emptyEndSelectsTheKeyAlone() {
        assertThat(select("a", "")).containsExactly("a");
        assertThat(select("nope", "")).isEmpty();
    }

    @Test
    void zeroByteEndSelectsEveryKeyFromTheStart() {
        assertThat(select("b", "\0")).containsExactly("b", "b\u00ff", "c", "zzz", "\u00ff");
        assertThat(select("\0", "\0")).hasSize(KEYS.size());
    }

    @Test
    void otherEndsSelectAHalfOpenIntervalInUnsignedOrder() {
        assertThat(select("a", "c")).containsExactly("a", "ab", "b", "b\u00ff");
        assertThat(select("b", "c")).containsExactly("b", "b\u00ff");
        assertThat(select("c", "a")).isEmpty();
        assertThat(select("c", "c")).isEmpty();
        assertThat(KeyRange.of(b("c"), b("a")).isEmpty()).isTrue();
    }
}

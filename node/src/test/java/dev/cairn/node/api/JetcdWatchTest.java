package dev.cairn.node.api;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Watch as jetcd, the official Java client, uses it against one in-process member. */
class JetcdWatchTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private Client client;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        client = Client.builder().endpoints(member.endpoint()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        member.close();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static List<String> describe(WatchResponse response) {
        return response.getEvents().stream().map(event -> event.getEventType() + " "
                + event.getKeyValue().getKey().toString(StandardCharsets.UTF_8) + "="
                + event.getKeyValue().getValue().toString(StandardCharsets.UTF_8)
                + (event.getEventType() == WatchEvent.EventType.DELETE
                ? " prev=" + event.getPrevKV().getValue().toString(StandardCharsets.UTF_8) : "")).toList();
    }

    @Test
    void aPrefixWatchFromAPastRevisionSeesHistoryThenNewEvents() throws Exception {
        long first = client.getKVClient().put(bytes("app/a"), bytes("1")).get(10, TimeUnit.SECONDS)
                .getHeader().getRevision();
        client.getKVClient().delete(bytes("app/a")).get(10, TimeUnit.SECONDS);
        LinkedBlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(first).withPrevKV(true).build();
        try (Watch.Watcher ignored = client.getWatchClient().watch(bytes("app/"), option,
                Watch.listener(responses::add, errors::add))) {
            List<String> events = new java.util.ArrayList<>();
            while (events.size() < 2) {
                WatchResponse response = responses.poll(10, TimeUnit.SECONDS);
                assertThat(response).as("watch response").isNotNull();
                events.addAll(describe(response));
            }
            assertThat(events).containsExactly("PUT app/a=1", "DELETE app/a= prev=1");
            client.getKVClient().put(bytes("app/b"), bytes("2")).get(10, TimeUnit.SECONDS);
            client.getKVClient().put(bytes("other"), bytes("3")).get(10, TimeUnit.SECONDS);
            client.getKVClient().put(bytes("app/c"), bytes("4")).get(10, TimeUnit.SECONDS);
            assertThat(describe(responses.poll(10, TimeUnit.SECONDS))).containsExactly("PUT app/b=2");
            assertThat(describe(responses.poll(10, TimeUnit.SECONDS))).containsExactly("PUT app/c=4");
        }
        assertThat(errors).isEmpty();
    }
}

package dev.cairn.node.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Level filtering through the real JUL and System.Logger plumbing, into an in-memory stream. */
class LogSetupTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // Held strongly: JUL keeps loggers only weakly.
    private final Logger cairn = Logger.getLogger("dev.cairn.node.server.Test");
    private final Logger grpc = Logger.getLogger("io.grpc.netty.NettyServerHandler");
    private final Logger netty = Logger.getLogger("io.netty.channel.DefaultChannelPipeline");

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LogManager.getLogManager().readConfiguration();
    }

    private void configure(EtcdLevel level) {
        LogSetup.configure(level, List.of(new PrintStream(captured, true, StandardCharsets.UTF_8)));
    }

    private List<String> lines() {
        String text = captured.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void infoKeepsInfoAndAboveAndDropsDebug() {
        configure(EtcdLevel.INFO);
        cairn.fine("debug detail");
        cairn.info("started");
        cairn.warning("slow disk");
        cairn.severe("failed");
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(0)).contains("\"level\":\"info\"", "\"msg\":\"started\"",
                "\"caller\":\"dev.cairn.node.server.Test\"");
        assertThat(lines().get(1)).contains("\"level\":\"warn\"");
        assertThat(lines().get(2)).contains("\"level\":\"error\"");
    }

    @Test
    void warnDropsInfo() {
        configure(EtcdLevel.WARN);
        cairn.info("started");
        cairn.warning("slow disk");
        assertThat(lines()).singleElement().asString().contains("slow disk");
    }

    @Test
    void errorPanicAndFatalKeepOnlyErrors() {
        for (EtcdLevel level : List.of(EtcdLevel.ERROR, EtcdLevel.PANIC, EtcdLevel.FATAL)) {
            captured.reset();
            configure(level);
            cairn.warning("slow disk");
            cairn.severe("failed");
            assertThat(lines()).singleElement().asString().contains("\"level\":\"error\"");
        }
    }

    @Test
    void debugKeepsEverythingIncludingLibraryChatter() {
        configure(EtcdLevel.DEBUG);
        cairn.finest("trace detail");
        grpc.fine("handshake");
        netty.info("channel registered");
        assertThat(lines()).hasSize(3);
    }

    @Test
    void grpcAndNettyBelowWarningStayQuietUnlessDebug() {
        configure(EtcdLevel.INFO);
        grpc.info("connection reset");
        netty.info("channel registered");
        grpc.warning("transport failed");
        cairn.info("ours");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).contains("transport failed");
        assertThat(lines().get(1)).contains("ours");
    }

    @Test
    void systemLoggerGoesThroughTheSameSetup() {
        configure(EtcdLevel.INFO);
        System.Logger logger = System.getLogger("dev.cairn.node.api.Test");
        logger.log(System.Logger.Level.DEBUG, "hidden");
        logger.log(System.Logger.Level.INFO, "shown {0}", "here");
        assertThat(lines()).singleElement().asString()
                .contains("\"caller\":\"dev.cairn.node.api.Test\"", "\"msg\":\"shown here\"");
    }

    @Test
    void etcdLevelNamesAreParsed() {
        assertThat(EtcdLevel.fromName("debug").threshold()).isEqualTo(Level.FINEST);
        assertThat(EtcdLevel.fromName("info").threshold()).isEqualTo(Level.INFO);
        assertThat(EtcdLevel.fromName("warn").threshold()).isEqualTo(Level.WARNING);
        assertThat(EtcdLevel.fromName("error").threshold()).isEqualTo(Level.SEVERE);
        assertThatThrownBy(() -> EtcdLevel.fromName("verbose"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown log level \"verbose\" (use debug, info, warn, error, panic or fatal)");
    }

    @Test
    void outputsAreValidated() {
        assertThatThrownBy(() -> LogSetup.configure("info", "stderr,/tmp/file.log"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported log output \"/tmp/file.log\" (use stderr, stdout or default)");
    }
}

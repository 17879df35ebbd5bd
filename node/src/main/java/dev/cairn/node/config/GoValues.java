package dev.cairn.node.config;

import java.util.Optional;

/** Value syntax as Go's flag package accepts it. */
final class GoValues {

    private GoValues() {
    }

    /** Go's strconv.ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
    static Optional<Boolean> parseBoolean(String text) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}

package dev.cairn.node.process;

/** What one command printed and how it exited. */
public record CommandOutput(int exitCode, String stdout, String stderr) {

    CommandOutput map(java.util.function.UnaryOperator<String> text) {
        return new CommandOutput(exitCode, text.apply(stdout), text.apply(stderr));
    }

    public String render() {
        return "exit code: " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}

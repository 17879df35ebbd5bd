package dev.cairn.node.cli.bench;

/** Sends SIGKILL (kill -9) to a process and everything it started, as an operator's {@code kill -9} would. */
final class MemberKiller {
    private MemberKiller() {
    }

    /** The kill action for process {@code pid}, which must exist now. */
    static Runnable forPid(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElseThrow(
                () -> new BenchUsageException("--kill-pid " + pid + ": no such running process"));
        return () -> {
            // Listed before the kill, while they are still the process's children; killed after it, so the
            // member itself dies first.
            var descendants = process.descendants().toList();
            if (!process.destroyForcibly() && process.isAlive()) {
                throw new IllegalStateException("could not send SIGKILL to process " + pid);
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        };
    }
}

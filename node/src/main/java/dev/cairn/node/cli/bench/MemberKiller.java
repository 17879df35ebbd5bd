package dev.cairn.node.cli.bench;

/** Sends SIGKILL (kill -9) to a process and everything it started, as an operator's {@code kill -9} would. */
final class MemberKiller {
    private MemberKiller() {
    }

    /** The kill action for process {@code pid}, which must be running now and not be this process. */
    static Runnable forPid(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw new BenchUsageException("--kill-pid " + pid + " is cairn bench itself");
        }
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

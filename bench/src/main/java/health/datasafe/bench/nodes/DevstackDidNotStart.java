package health.datasafe.bench.nodes;

import java.nio.file.Path;

/** A devstack the benchmark launched did not describe itself in time, or exited first; its output is in {@code log}. */
final class DevstackDidNotStart extends RuntimeException {

    DevstackDidNotStart(int nodes, Path log, String why) {
        super("the devstack with " + nodes + " ledger node(s) did not start: " + why + " (its output: " + log + ")");
    }
}

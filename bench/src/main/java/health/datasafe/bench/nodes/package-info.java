/** The {@code nodes} benchmark: committed and final tx/s and latency of one ledger node against three, in one run. */
package health.datasafe.bench.nodes;

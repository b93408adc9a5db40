/** What the devstack's processes cost while the benchmark measures: CPU seconds and resident memory, read from /proc. */
package health.datasafe.bench.processes;

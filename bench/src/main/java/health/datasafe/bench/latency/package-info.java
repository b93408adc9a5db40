/** Percentiles of measured latencies. */
package health.datasafe.bench.latency;

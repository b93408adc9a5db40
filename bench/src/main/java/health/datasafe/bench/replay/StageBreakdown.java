package health.datasafe.bench.replay;

/**
 * Where one replay's time went, measured without a profiler: one extra replay (after the measured rounds, not one of
 * them) whose consumer and database calls are timed from the outside ({@link StageClock}), and the intake's work
 * timed alone on the same records.
 *
 * @param replaySeconds     wall-clock time of the timed replay (the proxies' own cost included)
 * @param kafkaSeconds      inside Kafka consumer calls: fetching and deserializing records ({@code kafkaCalls} calls)
 * @param jdbcSeconds       inside JDBC calls: PostgreSQL and the driver, i.e. the per-poll lookup of committed ids,
 *                          the inserts and the commits ({@code jdbcCalls} calls)
 * @param serviceSeconds    the rest: the ledger-service's own code in the replay thread
 * @param kafkaCalls        consumer calls made
 * @param jdbcCalls         connection and statement calls made (parameter setting included)
 * @param admissionSeconds  {@code Intake.admit} of every record, alone, on one thread: strict JSON decoding, binding,
 *                          the initiator and validator signature checks, canonical JSON and its SHA-256
 * @param signatureSeconds  of that, verifying the transactions' initiator signatures alone (Ed25519, one thread)
 * @param decisionSignatureSeconds of that, verifying the validator's signatures on the decisions and epoch ends alone
 *                          (its statement's canonical JSON and Ed25519, one thread)
 *
 * <p>The last three are for scale only, not shares of {@code serviceSeconds}: the service admits a poll's records on
 * every processor, so its admission takes less wall-clock time than the same work on one thread.
 */
public record StageBreakdown(double replaySeconds, double kafkaSeconds, double jdbcSeconds, double serviceSeconds,
                             long kafkaCalls, long jdbcCalls, double admissionSeconds, double signatureSeconds,
                             double decisionSignatureSeconds) {
}

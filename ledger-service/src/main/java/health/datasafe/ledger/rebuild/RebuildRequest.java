package health.datasafe.ledger.rebuild;

/** The body of {@code POST /api/ledger/rebuilds}: optionally a signed checkpoint note an auditor kept. */
record RebuildRequest(String checkpoint) {
}

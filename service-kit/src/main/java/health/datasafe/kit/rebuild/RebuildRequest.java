package health.datasafe.kit.rebuild;

/** The body of a rebuild request: optionally a signed checkpoint note an auditor kept. */
public record RebuildRequest(String checkpoint) {
}

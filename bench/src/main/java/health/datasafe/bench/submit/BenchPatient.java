package health.datasafe.bench.submit;

/**
 * A synthetic patient registered for one benchmark run, and the token it submits with.
 *
 * @param id    e.g. {@code bench-lq3k9x-0}
 * @param token a PATIENT bearer token whose subject is {@code id}
 */
public record BenchPatient(String id, String token) {

    @Override
    public String toString() {
        return "BenchPatient[" + id + "]";
    }
}

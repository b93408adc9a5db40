package health.datasafe.bench.submit;

/** The gateway answered a request with a status the benchmark did not expect. */
public class RequestRefused extends RuntimeException {

    private final String request;
    private final int status;

    public RequestRefused(String request, int status, String body) {
        super(request + " answered " + status + (body == null || body.isBlank() ? "" : ": " + abbreviated(body)));
        this.request = request;
        this.status = status;
    }

    public String request() {
        return request;
    }

    public int status() {
        return status;
    }

    private static String abbreviated(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}

package health.datasafe.kit.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem as every service and the gateway write it ({@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}), and the short, generic wording used whenever the refusal comes from the framework
 * rather than from our own code: never a library's text, a class name or a stack trace.
 */
public record Problem(int status, String title, String detail, String instance) {

    /** The refusal of a request that carried no bearer token. */
    public static final String NO_TOKEN = "a bearer token is required";
    /** The refusal of a token that is malformed, unsigned, expired, or for another issuer, audience or role. */
    public static final String BAD_TOKEN = "the bearer token is invalid or has expired";
    public static final String FORBIDDEN = "this caller may not do this here";

    /** The problem for a status, with its generic wording. */
    public static Problem standard(HttpStatusCode status, String instance) {
        return of(status, standardDetail(status), instance);
    }

    public static Problem of(HttpStatusCode status, String detail, String instance) {
        return new Problem(status.value(), title(status), detail, instance);
    }

    public static String standardDetail(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "the request is malformed";
            case 401 -> NO_TOKEN;
            case 403 -> FORBIDDEN;
            case 404 -> "nothing is served at this path";
            case 405 -> "this method is not allowed at this path";
            case 406 -> "no acceptable representation of this resource";
            case 413 -> "the request body is too large";
            case 415 -> "this media type is not accepted here";
            case 502 -> "the service behind this path could not be reached";
            case 503 -> "the service is unavailable; try again later";
            case 504 -> "the service behind this path did not answer in time";
            default -> status.is5xxServerError() ? "the request could not be completed" : "the request was refused";
        };
    }

    public static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }

    /**
     * Whether the failure is one of our own refusals, whose detail is written for the caller; the framework's are
     * answered with {@link #standardDetail} instead.
     */
    public static boolean isOurs(Throwable failure) {
        return failure != null && failure.getClass().getName().startsWith("health.datasafe.");
    }

    /** The JSON members, in the order RFC 9457 lists them. */
    public Map<String, Object> body() {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }

    /** The {@code WWW-Authenticate} challenge of RFC 6750 for a 401: without the library's error description. */
    public static String bearerChallenge(boolean badToken) {
        return badToken ? "Bearer error=\"invalid_token\"" : "Bearer";
    }
}

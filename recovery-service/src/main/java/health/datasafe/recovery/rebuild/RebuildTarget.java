package health.datasafe.recovery.rebuild;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where {@code service} serves its rebuilds: {@code {url}/api/{segment}/rebuilds}. */
record RebuildTarget(String service, URI url, String segment) {

    URI rebuilds() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/api/" + segment + "/rebuilds");
    }

    URI rebuild(String targetId) {
        return URI.create(rebuilds() + "/" + URLEncoder.encode(targetId, StandardCharsets.UTF_8));
    }
}

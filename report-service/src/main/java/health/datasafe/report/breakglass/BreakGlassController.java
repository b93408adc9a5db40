package health.datasafe.report.breakglass;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/**
 * The break-glass register for auditors and administrators (see the security package): by default the review queue,
 * every break-glass no auditor has reviewed yet, oldest first.
 */
@RestController
class BreakGlassController {

    static final int MAX_LIMIT = 5000;

    private final BreakGlassRegister register;

    BreakGlassController(BreakGlassRegister register) {
        this.register = register;
    }

    /** The register as the API answers it. */
    record Listing(ReviewStatus status, List<BreakGlass> breakGlasses) {
    }

    @GetMapping("/api/break-glass")
    Listing list(@RequestParam(defaultValue = "open") String status, @RequestParam(defaultValue = "500") int limit) {
        ReviewStatus which;
        try {
            which = ReviewStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterInvalid("status", "must be open, reviewed or all");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ParameterInvalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Listing(which, register.list(which, limit));
    }
}

package health.datasafe.validator.decision;

/**
 * The consent engine asked about a row that the batch's bulk load did not look up: a gap in
 * {@link ValidatorState#factsFor}, never an absent row. Failing loudly keeps such a gap from turning into a wrong
 * decision.
 */
final class FactNotLoaded extends IllegalStateException {

    FactNotLoaded(String what, String key) {
        super("the batch's facts were not loaded for " + what + " " + key);
    }
}

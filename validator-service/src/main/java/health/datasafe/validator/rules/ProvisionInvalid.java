package health.datasafe.validator.rules;

/**
 * A consent's provision breaks the rules of its shape (docs/consent-rules.md): an unknown code, an empty or repeated
 * list entry, a period that ends before it starts, an exception that contradicts the provision it belongs to.
 *
 * @param field where, as a metadata path ({@code exceptions[0].purpose})
 */
public final class ProvisionInvalid extends RuntimeException {

    private final String field;

    public ProvisionInvalid(String field, String problem) {
        super("metadata." + field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

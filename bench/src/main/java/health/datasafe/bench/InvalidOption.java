package health.datasafe.bench;

/** A command-line option the benchmark cannot use. */
public class InvalidOption extends RuntimeException {

    private final String option;
    private final String value;

    public InvalidOption(String option, String value, String reason) {
        super(option + (value == null ? "" : " " + value) + ": " + reason);
        this.option = option;
        this.value = value;
    }

    public String option() {
        return option;
    }

    public String value() {
        return value;
    }
}

package health.datasafe.devstack;

/** A command-line option the devstack does not know, or a value it cannot use. */
public final class InvalidOption extends IllegalArgumentException {

    private final String option;

    public InvalidOption(String option, String reason) {
        super(option + ": " + reason);
        this.option = option;
    }

    public String option() {
        return option;
    }
}

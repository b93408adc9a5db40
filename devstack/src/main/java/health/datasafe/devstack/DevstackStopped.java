package health.datasafe.devstack;

/** The devstack was closed (Ctrl-C, or {@link RunningDevstack#close()}) while something still wanted it running. */
public final class DevstackStopped extends IllegalStateException {

    public DevstackStopped(String activity) {
        super("the devstack was stopped while " + activity);
    }
}

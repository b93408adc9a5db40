package health.datasafe.devstack;

/** A port the devstack was told to listen on is taken. */
public final class PortInUse extends IllegalStateException {

    private final int port;

    public PortInUse(int port, String what) {
        super("port " + port + " (" + what + ") is in use: stop whatever listens there, or pass --port 0 for any free port");
        this.port = port;
    }

    public int port() {
        return port;
    }
}

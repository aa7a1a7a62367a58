package org.hearken.platform;

/** The client acted on a version of the resource that is no longer current ({@code If-Match}); answered with 412. */
public class PreconditionFailedException extends RuntimeException {

    private final int currentVersion;

    public PreconditionFailedException(String message, int currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}

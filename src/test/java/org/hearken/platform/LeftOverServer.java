package org.hearken.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** For tests that kill Hearken: stops the embedded server a killed run left on its data directory, as a new start would. */
public final class LeftOverServer {

    private LeftOverServer() {}

    public static void stop(Path hearkenDataDir) {
        Path dir = hearkenDataDir.resolve("postgres");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            EmbeddedDatabase.stopLeftOverServer(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

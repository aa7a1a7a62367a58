package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What start-up does with a pid file it finds in the embedded database's directory, short of a real server. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aPidFileWhoseProcessIsNotAPostgresServerOfTheDirectoryIsRemovedAsStale() throws Exception {
        // This JVM is alive but no PostgreSQL: the process id was reused after the server's end.
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dir + "\n");

        EmbeddedDatabase.stopLeftOverServer(dir);

        assertThat(dir.resolve("postmaster.pid")).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void aPidFileOfAProcessThatHasEndedIsLeftToPostgres() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.writeString(dir.resolve("postmaster.pid"), ended.pid() + "\n" + dir + "\n");

        EmbeddedDatabase.stopLeftOverServer(dir);

        assertThat(dir.resolve("postmaster.pid")).exists();
    }

    @Test
    void aDirectoryThatALiveProcessStillOwnsIsRefusedWithoutTouchingItsServer() throws Exception {
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dir + "\n");
        try (FileChannel channel = FileChannel.open(
                        dir.resolve(EmbeddedDatabase.OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock owner = channel.lock()) {
            assertThatThrownBy(() -> EmbeddedDatabase.stopLeftOverServer(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running Hearken");
        }
        assertThat(dir.resolve("postmaster.pid")).exists();
    }
}

package org.hearken.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Hearken starts itself when no database URL is configured, with its data in
 * {@code <hearken.data-dir>/postgres}. It runs with PostgreSQL's durable settings (the embedding library would turn
 * fsync and synchronous commit off, which suits throw-away test databases only), and it starts on the first try after
 * the previous run was killed: the server that run started outlives it and still holds the data directory, so it is
 * stopped first (a fast shutdown: open transactions roll back, everything committed stays).
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** PostgreSQL's own defaults, stated because the embedding library overrides them. */
    static final Map<String, String> DURABLE =
            Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

    /** The embedding library's lock file: held by the process that runs the server, for as long as it does. */
    static final String OWNER_LOCK = "epg-lock";

    static final String PID_FILE = "postmaster.pid";
    /** How long a fast shutdown of a left-over server may take (it writes a checkpoint). */
    static final long ORPHAN_STOP_SECONDS = 60;

    private final Path dir;
    private EmbeddedPostgres postgres;

    EmbeddedDatabase(Path dataDir) {
        this.dir = dataDir.toAbsolutePath().normalize().resolve("postgres");
    }

    Path directory() {
        return dir;
    }

    synchronized EmbeddedPostgres start() {
        try {
            Files.createDirectories(dir);
            stopLeftOverServer(dir);
            log.info("No database URL configured: starting embedded PostgreSQL with data in {}", dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    // Stopped by close(), when the application context closes: after everything that uses it has
                    // stopped, not at the same moment from a shutdown hook of its own.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    // Crash recovery after a kill or power cut replays the write-ahead log; allow it time.
                    .setPGStartupWait(java.time.Duration.ofMinutes(2));
            DURABLE.forEach(builder::setServerConfig);
            postgres = builder.start();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /**
     * Stops the server a killed run of Hearken left running on {@code dir}, if there is one. Refuses when another live
     * process still owns the directory (it holds the owner lock), and leaves alone a process that is not a PostgreSQL
     * server of this directory (its process id was reused; the stale pid file is then removed).
     */
    static void stopLeftOverServer(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel =
                        FileChannel.open(dir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock owner = tryLock(channel)) {
            if (owner == null) {
                throw new IllegalStateException("The data directory " + dir
                        + " is in use by another running Hearken (or another " + "program holds "
                        + dir.resolve(OWNER_LOCK) + "). Stop it, or give this one its own HEARKEN_DATA_DIR.");
            }
            Optional<ProcessHandle> server = leftOverServer(dir, pidFile);
            if (server.isPresent()) {
                stop(server.get(), dir);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // This very process runs a server on the directory.
            return null;
        }
    }

    /** The live PostgreSQL server named in the pid file, if it serves this directory; removes a pid file gone stale. */
    static Optional<ProcessHandle> leftOverServer(Path dir, Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // PostgreSQL itself recognises a pid file whose process is gone.
            return Optional.empty();
        }
        ProcessHandle.Info info = process.get().info();
        if (info.command().isEmpty()) {
            // The system does not tell what the process is; PostgreSQL will refuse to start and say why.
            return Optional.empty();
        }
        if (servesDirectory(info, dir, lines)) {
            return process;
        }
        log.warn(
                "The pid file {} names process {}, which is not a PostgreSQL server of this directory (the process id has been "
                        + "reused since the server stopped); removing the stale file.",
                pidFile,
                pid);
        Files.deleteIfExists(pidFile);
        return Optional.empty();
    }

    private static boolean servesDirectory(ProcessHandle.Info info, Path dir, List<String> pidFileLines) {
        boolean postgres = info.command()
                .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                .orElse(false);
        if (!postgres
                || pidFileLines.size() < 2
                || !sameDirectory(Path.of(pidFileLines.get(1).strip()), dir)) {
            return false;
        }
        // The command line names the directory too; where the system does not show it, the pid file's word stands.
        String[] arguments = info.arguments().orElse(null);
        if (arguments == null) {
            return true;
        }
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && sameDirectory(Path.of(arguments[i + 1]), dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A fast shutdown (SIGINT), as {@code pg_ctl stop -m fast} sends it, and waits until the server has gone. */
    private static void stop(ProcessHandle server, Path dir) throws IOException {
        log.warn(
                "A PostgreSQL server (process {}) is still running on {}, left by a run of Hearken that was killed; "
                        + "stopping it (fast shutdown) before starting again.",
                server.pid(),
                dir);
        try {
            signalFastShutdown(server, dir);
            server.onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the PostgreSQL server left on " + dir, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "The PostgreSQL server (process " + server.pid() + ") left on " + dir + " did not stop within "
                            + ORPHAN_STOP_SECONDS + " s; stop it (kill -INT " + server.pid() + ") and start again.",
                    e);
        }
        log.info("The left-over PostgreSQL server on {} has stopped.", dir);
    }

    /**
     * Java sends only SIGTERM, PostgreSQL's smart shutdown, which waits for clients to leave; the killed run's clients
     * have gone with it, so that does where the {@code kill} program is missing.
     */
    private static void signalFastShutdown(ProcessHandle server, Path dir) throws IOException, InterruptedException {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noKillProgram) {
            server.destroy();
            return;
        }
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException(
                    "Could not signal the PostgreSQL server (process " + server.pid() + ") left on " + dir + ": "
                            + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}

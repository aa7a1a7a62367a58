package org.hearken.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class run in a JVM of its own, with this JVM's class path, so that a test can kill it without warning
 * ({@link #kill()}: SIGKILL, no shutdown hook runs) as a crash or {@code kill -9} would. Its output goes to a log file
 * under {@code target/}, which the test reads and which is kept for looking into a failure.
 */
public final class JavaProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private JavaProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code jvmOptions} and {@code args}; output (both streams) to {@code log}. */
    public static JavaProcess start(String mainClass, List<String> jvmOptions, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new JavaProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainClass, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The first group of the first output line that matches {@code pattern}, once one does; fails if the process ends first. */
    public String awaitOutput(Pattern pattern, Duration atMost) {
        String[] found = new String[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            Optional<String> match = match(pattern);
            if (match.isPresent()) {
                found[0] = match.get();
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") before printing "
                        + pattern + "; its output is in " + log + ":\n" + tail(60));
            }
            return false;
        });
        return found[0];
    }

    public Optional<String> match(Pattern pattern) {
        for (String line : lines()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
            }
        }
        return Optional.empty();
    }

    public List<String> lines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code n} lines of output, for failure messages. */
    public String tail(int n) {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Appends a dump of the process's threads to its log, for looking into a test that failed while it ran. */
    public void dumpThreads() {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid()),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: the process ends at once, as under {@code kill -9}; what it started itself keeps running. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** A normal stop (SIGTERM): shutdown hooks run. Waits for the end, and kills it if it takes longer than {@code atMost}. */
    public void stop(Duration atMost) {
        process.destroy();
        try {
            if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }
}

package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hearken.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container image the build writes (target/jib-image.tar, made without a container daemon: ops/image-base.sh and
 * Jib in {@code ./mvnw package}) is what docs/deployment.md says: its configuration, its layers, and, run from its
 * unpacked layers with chroot as its own user (as a container runtime would, less the isolation), a Java that starts
 * and finds the DejaVu fonts the PDF letters are set in, and Hearken itself, started from the image's entry point on
 * an empty database of the test PostgreSQL, migrating it and answering its health as UP.
 *
 * <p>Running from the layers needs root (chroot and a mount namespace of its own), which CI has. Elsewhere the test
 * fails with a message saying so, unless {@code -Dhearken.image.chroot=false} leaves that part out;
 * {@code -Dhearken.image.skip=true} leaves out the image and this test. It needs no Spring context.
 */
class ContainerImageIT {

    private static final Path IMAGE = Path.of("target/jib-image.tar");
    private static final Path CHECK = Path.of("target/image/check");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode config;
    private static Path root;
    /** Every layer's listing ({@code tar -tv}: modes, owners, names), whoever runs the test. */
    private static final List<String> listing = new ArrayList<>();

    @BeforeAll
    static void unpackTheImage() throws Exception {
        assumeThat(Boolean.getBoolean("hearken.image.skip"))
                .as("the image was left out of the build (-Dhearken.image.skip=true)")
                .isFalse();
        assertThat(IMAGE)
                .as("the build (./mvnw package) writes the image; run the build rather than this test alone")
                .exists();
        Path layers = CHECK.resolve("layers");
        root = CHECK.resolve("root").toAbsolutePath();
        run(List.of("rm", "-rf", CHECK.toString()));
        Files.createDirectories(layers);
        Files.createDirectories(root);
        run(List.of("tar", "-xf", IMAGE.toString(), "-C", layers.toString()));
        JsonNode manifest =
                JSON.readTree(layers.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(layers.resolve(manifest.get("Config").asString()).toFile());
        for (JsonNode layer : manifest.get("Layers")) {
            // As root tar keeps the owners recorded in the layer, as a container runtime does.
            run(List.of("tar", "-xzf", layers.resolve(layer.asString()).toString(), "-C", root.toString()));
            listing.addAll(output(List.of(
                            "tar",
                            "--numeric-owner",
                            "-tvzf",
                            layers.resolve(layer.asString()).toString()))
                    .lines()
                    .toList());
        }
    }

    @Test
    void itsConfigurationRunsHearkenAsItsOwnUserOnPort8080() {
        JsonNode c = config.get("config");
        assertThat(strings(c.get("Entrypoint")))
                .containsExactly(
                        "java",
                        "-XX:MaxRAMPercentage=75",
                        "-cp",
                        "@/app/jib-classpath-file",
                        "org.hearken.HearkenApplication");
        assertThat(c.get("User").asString()).isEqualTo("10001:10001");
        assertThat(c.get("WorkingDir").asString()).isEqualTo("/var/lib/hearken");
        assertThat(names(c.get("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(names(c.get("Volumes"))).containsExactly("/var/lib/hearken");
        assertThat(strings(c.get("Env")))
                .contains("HEARKEN_DATA_DIR=/var/lib/hearken", "JAVA_HOME=/opt/java", "LANG=C.UTF-8")
                .anyMatch(e -> e.startsWith("PATH=/opt/java/bin:"));
        assertThat(config.get("architecture").asString()).isEqualTo("amd64");
    }

    @Test
    void itsLayersHoldTheApplicationTheRuntimeAndTheUser() throws IOException {
        // The application as Jib lays it out: every library on the class path the entry point names, its classes and
        // resources.
        List<String> classPath = List.of(
                Files.readString(root.resolve("app/jib-classpath-file")).strip().split(":"));
        assertThat(classPath).contains("/app/classes", "/app/resources");
        for (String entry : classPath) {
            assertThat(root.resolve(entry.substring(1))).as(entry).exists();
        }
        assertThat(classPath).anyMatch(e -> e.matches("/app/libs/spring-boot-4\\..*\\.jar"));
        assertThat(root.resolve("app/classes/org/hearken/HearkenApplication.class"))
                .exists();
        assertThat(root.resolve("app/resources/application.yml")).exists();
        assertThat(Files.readString(root.resolve("app/jib-main-class-file")).strip())
                .isEqualTo("org.hearken.HearkenApplication");

        // The jlink'd runtime (without the compiler: a runtime, not a JDK), the fonts and the user.
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        assertThat(root.resolve("opt/java/bin/javac")).doesNotExist();
        assertThat(root.resolve("usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
                .exists();
        assertThat(Files.readAllLines(root.resolve("etc/passwd")))
                .contains("hearken:x:10001:10001:Hearken:/var/lib/hearken:/usr/sbin/nologin");
        assertThat(Files.readAllLines(root.resolve("etc/group"))).contains("hearken:x:10001:");
        // Its data directory is the user's alone; the interpreter every program needs is a working link.
        assertThat(listing).anyMatch(l -> l.matches("drwx------ 10001/10001 .* \\./var/lib/hearken/"));
        assertThat(listing).anyMatch(l -> l.matches("drwxrwxrwt 0/0 .* \\./tmp/"));
        assertThat(listing).anyMatch(l -> l.matches("-rwxr-xr-x 0/0 .* \\./opt/java/bin/java"));
        Path loader = root.resolve("lib64/ld-linux-x86-64.so.2");
        assertThat(Files.isSymbolicLink(loader)).isTrue();
        assertThat(root.resolve(Files.readSymbolicLink(loader).toString().substring(1)))
                .exists();
        // No package manager, no documentation.
        assertThat(root.resolve("usr/bin/apt")).doesNotExist();
        assertThat(root.resolve("usr/bin/dpkg")).doesNotExist();
        assertThat(root.resolve("usr/share/doc")).doesNotExist();
    }

    @Test
    void itsJavaStartsAndFindsTheFontsAsTheImagesUser() throws Exception {
        assumeRunningTheImage();
        assertThat(inImage("java", "-version"))
                .contains("version \"" + Runtime.version().feature())
                .doesNotContain("error", "Error");
        assertThat(inImage("fc-list")).contains("DejaVu Sans:style=Book").doesNotContain("Fontconfig error");

        // Java 2D, which draws the review pack's charts and the PDF letters' text, finds the same fonts.
        Path probe = root.resolve("probe/org/hearken");
        Files.createDirectories(probe);
        Files.copy(
                Path.of("target/test-classes/org/hearken/ContainerImageIT$FontProbe.class"),
                probe.resolve("ContainerImageIT$FontProbe.class"));
        assertThat(inImage("java", "-cp", "/probe", "org.hearken.ContainerImageIT$FontProbe"))
                .contains("DejaVu Sans")
                .doesNotContain("Exception", "Fontconfig error");
    }

    @Test
    void hearkenStartsFromItsEntryPointOnAnEmptyDatabaseAndIsUp() throws Exception {
        assumeRunningTheImage();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> env = List.of(
                "SERVER_PORT=" + port,
                "HEARKEN_DB_URL=" + TestDatabase.url("image"),
                "HEARKEN_DB_USER=" + System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                "HEARKEN_DB_PASSWORD=" + System.getenv().getOrDefault("TEST_PG_PASSWORD", ""),
                "HEARKEN_SECURE_COOKIES=false");
        Path log = CHECK.resolve("hearken.log");
        // chroot starts in /; a container runtime starts in the image's working directory.
        List<String> command = new ArrayList<>(List.of(
                "sh",
                "-c",
                "cd \"$0\" && exec \"$@\"",
                config.get("config").get("WorkingDir").asString()));
        command.addAll(strings(config.get("config").get("Entrypoint")));
        Process hearken = new ProcessBuilder(inImageCommand(env, command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        assertThat(hearken.isAlive())
                                .as("Hearken is still running; its log is in %s:%n%s", log, tail(log))
                                .isTrue();
                        try {
                            return http.send(health, HttpResponse.BodyHandlers.ofString())
                                    .body()
                                    .contains("\"UP\"");
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            // It ran as the image's user, from its working directory, and wrote its signing key in its data directory.
            assertThat(Files.readString(log))
                    .contains("using Java " + Runtime.version().feature(), "started by hearken in /var/lib/hearken");
            assertThat(root.resolve("var/lib/hearken/register-key.pem")).exists();
            assertThat(Files.getAttribute(root.resolve("var/lib/hearken/register-key.pem"), "unix:uid"))
                    .isEqualTo(10001);
        } finally {
            // unshare ignores SIGTERM: Hearken (its child, whatever it exec'd) is asked to stop, then both are killed.
            hearken.descendants().forEach(ProcessHandle::destroy);
            if (!hearken.waitFor(20, TimeUnit.SECONDS)) {
                hearken.descendants().forEach(ProcessHandle::destroyForcibly);
                hearken.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void assumeRunningTheImage() throws Exception {
        assumeThat(System.getProperty("hearken.image.chroot", "true"))
                .as("running the image was left out (-Dhearken.image.chroot=false)")
                .isNotEqualTo("false");
        if (!"0".equals(output(List.of("id", "-u")).strip())) {
            fail("running the image from its layers needs root (chroot, a mount namespace); run the build as root,"
                    + " as CI does, or leave this part out with -Dhearken.image.chroot=false");
        }
    }

    /** Prints the font families Java finds; run inside the image by the test above. */
    public static final class FontProbe {
        public static void main(String[] args) {
            System.setProperty("java.awt.headless", "true");
            for (String family :
                    GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                System.out.println(family);
            }
        }
    }

    /**
     * Runs a command in the unpacked image as its user, with only its environment: the root a mount point of its own,
     * /dev and /proc as a container runtime gives them, a fresh /tmp; returns its output (both streams).
     */
    private static String inImage(String... command) throws Exception {
        return output(inImageCommand(List.of(), List.of(command)));
    }

    /**
     * The command line that runs {@code command} in the image as {@link #inImage} does, with {@code extraEnv} added to
     * the image's environment; killing it kills the command too.
     */
    private static List<String> inImageCommand(List<String> extraEnv, List<String> command) {
        String script = "mount --bind \"$0\" \"$0\" && mount --rbind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\""
                + " && mount -t tmpfs tmpfs \"$0/tmp\" && cd \"$0\" && exec \"$@\"";
        List<String> full =
                new ArrayList<>(List.of("unshare", "--mount", "--fork", "--kill-child", "--", "sh", "-c", script));
        full.add(root.toString());
        full.addAll(List.of("env", "-i"));
        full.addAll(strings(config.get("config").get("Env")));
        full.add("HOME=/var/lib/hearken");
        full.addAll(extraEnv);
        full.addAll(List.of(
                chroot(), "--userspec=" + config.get("config").get("User").asString(), root.toString()));
        full.addAll(command);
        return full;
    }

    private static String chroot() {
        return Stream.of("/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot")
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chroot (Debian: coreutils)"));
    }

    private static void run(List<String> command) throws Exception {
        output(command);
    }

    private static String output(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        assertThat(p.exitValue())
                .as("%s exits with 0; it said:%n%s", command, out)
                .isZero();
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static List<String> names(JsonNode object) {
        return new ArrayList<>(object.propertyNames());
    }
}

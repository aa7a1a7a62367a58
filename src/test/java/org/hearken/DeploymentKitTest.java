package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment kit names only settings Hearken reads and the image the build makes: compose.yaml and the systemd
 * unit are not run by the suite (no container daemon, no systemd as PID 1), so a renamed variable or image would go
 * unnoticed without this.
 */
class DeploymentKitTest {

    /** Every {@code HEARKEN_…} variable application.yml reads (its {@code ${HEARKEN_…}} placeholders). */
    static Set<String> variablesRead() throws IOException {
        Set<String> read = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{(HEARKEN_[A-Z0-9_]+)")
                .matcher(Files.readString(Path.of("src/main/resources/application.yml")));
        while (m.find()) {
            read.add(m.group(1));
        }
        return read;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("compose.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    /** The image the build writes ({@code jib-maven-plugin}'s {@code to}), with the project's version filled in. */
    static String imageBuilt() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>hearken</artifactId>"
                        + "\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).as("the project's version in pom.xml").isTrue();
        Matcher to = Pattern.compile("<to>\\s*<image>([^<]+)</image>").matcher(pom);
        assertThat(to.find()).as("jib's <to><image> in pom.xml").isTrue();
        return to.group(1).replace("${project.version}", version.group(1));
    }

    @Test
    void composeSetsOnlyVariablesHearkenReads() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> environment =
                (Map<String, Object>) service("hearken").get("environment");
        assertThat(environment).containsKeys("HEARKEN_DB_URL", "HEARKEN_SMTP_HOST", "HEARKEN_PUBLIC_URL");
        assertThat(variablesRead()).containsAll(environment.keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheImageTheBuildMakesOnceItsDatabaseIsReady() throws IOException {
        Map<String, Object> hearken = service("hearken");
        assertThat(hearken.get("image")).isEqualTo(imageBuilt());
        Map<String, Object> dependsOn = (Map<String, Object>) hearken.get("depends_on");
        assertThat((Map<String, Object>) dependsOn.get("db")).containsEntry("condition", "service_healthy");
        assertThat(service("db")).containsKey("healthcheck");
        assertThat(hearken).containsKey("healthcheck");
        // The database's name, user and password are the ones Hearken is given.
        Map<String, Object> db = (Map<String, Object>) service("db").get("environment");
        Map<String, Object> env = (Map<String, Object>) hearken.get("environment");
        assertThat(env.get("HEARKEN_DB_URL")).asString().endsWith("/" + db.get("POSTGRES_DB"));
        assertThat(env).containsEntry("HEARKEN_DB_USER", db.get("POSTGRES_USER"));
        assertThat(env).containsEntry("HEARKEN_DB_PASSWORD", db.get("POSTGRES_PASSWORD"));
        assertThat(env.get("HEARKEN_SMTP_HOST"))
                .isIn(((Map<String, Object>) compose().get("services")).keySet());
    }

    @Test
    void theSystemdUnitRunsAsItsOwnUserWritingOnlyItsDataDirectory() throws Exception {
        Path unit = Path.of("ops/hearken.service");
        List<String> lines = Files.readAllLines(unit);
        Map<String, List<String>> settings = new java.util.HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                settings.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>())
                        .add(line.substring(eq + 1));
            }
        }
        assertThat(settings.get("User")).containsExactly("hearken");
        assertThat(settings.get("NoNewPrivileges")).containsExactly("true");
        assertThat(settings.get("ProtectSystem")).containsExactly("strict");
        assertThat(settings.get("EnvironmentFile")).hasSize(1);
        // The data directory it may write is the one Hearken is told to use, and its working directory.
        assertThat(settings.get("Environment")).contains("HEARKEN_DATA_DIR=/var/lib/hearken");
        assertThat(settings.get("ReadWritePaths")).containsExactly("/var/lib/hearken");
        assertThat(settings.get("WorkingDirectory")).containsExactly("/var/lib/hearken");
        for (String env : settings.get("Environment")) {
            assertThat(variablesRead()).contains(env.substring(0, env.indexOf('=')));
        }
        assertThat(settings.get("ExecStart").getFirst()).contains("-jar ");

        // systemd's own check of the unit, where the machine has it (Debian: the systemd package).
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            Process verify = new ProcessBuilder(
                            "/usr/bin/systemd-analyze",
                            "verify",
                            unit.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String said = new String(verify.getInputStream().readAllBytes());
            // Every complaint counts (an unknown key is only printed), except a machine without Java at /usr/bin/java.
            List<String> complaints = said.lines()
                    .filter(l -> !l.isBlank() && !l.contains("/usr/bin/java is not executable"))
                    .toList();
            assertThat(complaints).isEmpty();
            assertThat(verify.exitValue() == 0 || said.contains("/usr/bin/java is not executable"))
                    .as(said)
                    .isTrue();
        }
    }
}

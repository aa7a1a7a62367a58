package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every log line written while a request is served names the request's id, in the plain log and in the JSON one. */
class RequestIdsTest {

    /** The pattern application.yml gives for the request id in plain log lines. */
    @SuppressWarnings("unchecked")
    private static String correlationPattern() throws Exception {
        // The first document: the settings of every profile.
        Map<String, Object> yml = (Map<String, Object>) new Yaml()
                .loadAll(Files.readString(Path.of("src/main/resources/application.yml")))
                .iterator()
                .next();
        Map<String, Object> pattern = (Map<String, Object>) ((Map<String, Object>) yml.get("logging")).get("pattern");
        return (String) pattern.get("correlation");
    }

    /** Logs one line inside a request carrying {@code requestId} (none if null) and one outside; returns the output. */
    private static String[] logged(Encoder<ILoggingEvent> encoder, LoggerContext context, String requestId)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger log = context.getLogger("org.hearken.Example");
        log.addAppender(appender);

        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cases");
        if (requestId != null) {
            request.addHeader(RequestIds.HEADER, requestId);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new RequestIds().doFilter(request, response, (req, res) -> log.info("inside the request"));
        log.info("after it");
        appender.stop();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        return new String[] {lines[0], lines[1], response.getHeader(RequestIds.HEADER)};
    }

    /** A logging context of the test's own, reading the logging context (MDC) the filter writes. */
    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        return context;
    }

    @Test
    void aPlainLogLineNamesTheRequestItWasWrittenIn() throws Exception {
        LoggerContext context = context();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(correlationPattern() + "%m%n");
        encoder.start();

        String[] given = logged(encoder, context, "edge-42");
        assertThat(given[0]).isEqualTo("[edge-42] inside the request");
        assertThat(given[1]).isEqualTo("after it");
        assertThat(given[2]).isEqualTo("edge-42");

        String[] made = logged(encoder, context, null);
        assertThat(made[0]).isEqualTo("[" + made[2] + "] inside the request");
        assertThat(made[2]).matches("[0-9a-f-]{36}");
    }

    @Test
    void aJsonLogLineIsOneJsonObjectWithTheRequestId() throws Exception {
        LoggerContext context = context();
        context.putObject(Environment.class.getName(), new MockEnvironment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();

        String[] lines = logged(encoder, context, "edge-43");
        JsonNode inside = JsonMapper.builder().build().readTree(lines[0]);
        assertThat(inside.get("message").asString()).isEqualTo("inside the request");
        assertThat(inside.get(RequestIds.LOG_KEY).asString()).isEqualTo("edge-43");
        JsonNode after = JsonMapper.builder().build().readTree(lines[1]);
        assertThat(after.has(RequestIds.LOG_KEY)).isFalse();
    }

    @Test
    void onlyAShortPlainIdIsKept() {
        assertThat(RequestIds.idFor("a1.b2_c3:d4-e5")).isEqualTo("a1.b2_c3:d4-e5");
        assertThat(RequestIds.idFor("x".repeat(64))).isEqualTo("x".repeat(64));
        for (String hostile : new String[] {"x".repeat(65), "", "a b", "a\nforged log line", "<script>", "é"}) {
            assertThat(RequestIds.idFor(hostile)).as(hostile).matches("[0-9a-f-]{36}");
        }
        assertThat(RequestIds.idFor(null)).matches("[0-9a-f-]{36}");
    }
}

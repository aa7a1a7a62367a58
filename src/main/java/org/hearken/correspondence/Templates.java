package org.hearken.correspondence;

import com.samskivert.mustache.Template;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearken.platform.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The template library: every version is kept, exactly one per template and channel is in force. The shipped
 * defaults become version 1 on first start; until then (or if a row is missing) the shipped text is used.
 */
@Service
class Templates {

    private static final Logger log = LoggerFactory.getLogger(Templates.class);

    /** One version of one template. */
    record Version(
            long id,
            TemplateKey key,
            TemplateChannel channel,
            int version,
            String subject,
            String body,
            Instant createdAt,
            String createdBy,
            boolean active) {}

    /** A template ready to render: its row id (null for a shipped default not stored yet) and its compiled parts. */
    record Compiled(Long id, Template subject, Template body) {}

    static final String SHIPPED_BY = "Hearken (shipped default)";

    private static final String COLUMNS = "id, key, channel, version, subject, body, created_at, created_by, active";

    private final JdbcClient jdbc;
    private final Clock clock;
    /** Versions never change once stored, so a compiled version is good for ever. */
    private final Map<Long, Compiled> compiled = new ConcurrentHashMap<>();

    private final Map<String, Compiled> shipped = new ConcurrentHashMap<>();

    Templates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores each shipped default as version 1 where the template has no version yet; safe when instances race. */
    @Transactional
    public int installDefaults() {
        int installed = 0;
        for (TemplateKey key : TemplateKey.values()) {
            for (TemplateChannel channel : TemplateChannel.values()) {
                TemplateSource source = TemplateSource.shipped(key, channel);
                installed += jdbc.sql("""
                                insert into correspondence_template (key, channel, version, subject, body, created_at, created_by, active)
                                select :key, :channel, 1, :subject, :body, :at, :by, true
                                where not exists (select 1 from correspondence_template where key = :key and channel = :channel)
                                on conflict do nothing""")
                        .param("key", key.name())
                        .param("channel", channel.name())
                        .param("subject", source.subject())
                        .param("body", source.body())
                        .param("at", Timestamp.from(clock.instant()))
                        .param("by", SHIPPED_BY)
                        .update();
            }
        }
        if (installed > 0) {
            log.info("Installed {} default correspondence templates", installed);
        }
        return installed;
    }

    List<Version> active() {
        return jdbc.sql("select " + COLUMNS + " from correspondence_template where active order by key, channel")
                .query(Version.class)
                .list();
    }

    Optional<Version> active(TemplateKey key, TemplateChannel channel) {
        return jdbc.sql("select " + COLUMNS + " from correspondence_template where key = ? and channel = ? and active")
                .params(key.name(), channel.name())
                .query(Version.class)
                .optional();
    }

    List<Version> versions(TemplateKey key, TemplateChannel channel) {
        return jdbc.sql("select " + COLUMNS
                        + " from correspondence_template where key = ? and channel = ? order by version desc")
                .params(key.name(), channel.name())
                .query(Version.class)
                .list();
    }

    Optional<Version> version(TemplateKey key, TemplateChannel channel, int version) {
        return jdbc.sql("select " + COLUMNS
                        + " from correspondence_template where key = ? and channel = ? and version = ?")
                .params(key.name(), channel.name(), version)
                .query(Version.class)
                .optional();
    }

    /**
     * Stores a new version and puts it in force, unless it is the same as the version in force (then that one is
     * returned with {@code created} false). Concurrent saves of one template are serialised on its active row.
     */
    @Transactional
    public Saved save(TemplateKey key, TemplateChannel channel, String subject, String body, String by) {
        var problems = TemplateEngine.problems(subject, body);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Optional<Version> current = jdbc.sql("select " + COLUMNS
                        + " from correspondence_template where key = ? and channel = ? and active for update")
                .params(key.name(), channel.name())
                .query(Version.class)
                .optional();
        if (current.isPresent()
                && current.get().subject().equals(subject)
                && current.get().body().equals(body)) {
            return new Saved(current.get(), false);
        }
        jdbc.sql("update correspondence_template set active = false where key = ? and channel = ? and active")
                .params(key.name(), channel.name())
                .update();
        Version saved = jdbc.sql("""
                        insert into correspondence_template (key, channel, version, subject, body, created_at, created_by, active)
                        select :key, :channel, coalesce(max(version), 0) + 1, :subject, :body, :at, :by, true
                        from correspondence_template where key = :key and channel = :channel
                        returning\s""" + COLUMNS)
                .param("key", key.name())
                .param("channel", channel.name())
                .param("subject", subject)
                .param("body", body)
                .param("at", Timestamp.from(clock.instant()))
                .param("by", by)
                .query(Version.class)
                .single();
        log.info("{} saved version {} of the {} {} template", by, saved.version(), key, channel);
        return new Saved(saved, true);
    }

    record Saved(Version version, boolean created) {}

    /** The version in force, compiled; the shipped default when none is stored. */
    Compiled compiledActive(TemplateKey key, TemplateChannel channel) {
        return active(key, channel)
                .map(this::compiled)
                .orElseGet(() -> shipped.computeIfAbsent(key + "/" + channel, k -> {
                    TemplateSource source = TemplateSource.shipped(key, channel);
                    return new Compiled(
                            null, TemplateEngine.compile(source.subject()), TemplateEngine.compile(source.body()));
                }));
    }

    Compiled compiled(Version v) {
        return compiled.computeIfAbsent(
                v.id(), id -> new Compiled(id, TemplateEngine.compile(v.subject()), TemplateEngine.compile(v.body())));
    }
}

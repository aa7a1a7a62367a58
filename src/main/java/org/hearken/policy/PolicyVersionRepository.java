package org.hearken.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The policy_version table. Callers hold the transaction. */
@Repository
class PolicyVersionRepository {

    private static final String INFO_COLUMNS = "id, version, name, uploaded_at, uploaded_by, active";

    private final JdbcClient jdbc;

    PolicyVersionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises uploads across instances; readers are not blocked. */
    void lockForUpload() {
        jdbc.sql("lock table policy_version in share row exclusive mode").update();
    }

    Optional<Long> activeId() {
        return jdbc.sql("select id from policy_version where active")
                .query(Long.class)
                .optional();
    }

    Optional<PolicyDocument> active() {
        return jdbc.sql("select " + INFO_COLUMNS + ", document from policy_version where active")
                .query(PolicyVersionRepository::document)
                .optional();
    }

    Optional<PolicyDocument> byId(long id) {
        return jdbc.sql("select " + INFO_COLUMNS + ", document from policy_version where id = ?")
                .param(id)
                .query(PolicyVersionRepository::document)
                .optional();
    }

    Optional<PolicyDocument> byVersion(int version) {
        return jdbc.sql("select " + INFO_COLUMNS + ", document from policy_version where version = ?")
                .param(version)
                .query(PolicyVersionRepository::document)
                .optional();
    }

    List<PolicyVersionInfo> all() {
        return jdbc.sql("select " + INFO_COLUMNS + " from policy_version order by version desc")
                .query(PolicyVersionRepository::info)
                .list();
    }

    boolean isEmpty() {
        return jdbc.sql("select not exists (select 1 from policy_version)")
                .query(Boolean.class)
                .single();
    }

    /** Stores a new version with the next version number and makes it the only active one. */
    PolicyVersionInfo insertActive(String name, String document, Instant uploadedAt, String uploadedBy) {
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from policy_version")
                .query(Integer.class)
                .single();
        jdbc.sql("update policy_version set active = false where active").update();
        return jdbc.sql("""
                        insert into policy_version (version, name, document, uploaded_at, uploaded_by, active)
                        values (?, ?, ?, ?, ?, true)
                        returning\s""" + INFO_COLUMNS)
                .params(version, name, document, OffsetDateTime.ofInstant(uploadedAt, ZoneOffset.UTC), uploadedBy)
                .query(PolicyVersionRepository::info)
                .single();
    }

    private static PolicyVersionInfo info(ResultSet rs, int row) throws SQLException {
        return new PolicyVersionInfo(
                rs.getLong("id"),
                rs.getInt("version"),
                rs.getString("name"),
                rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(),
                rs.getString("uploaded_by"),
                rs.getBoolean("active"));
    }

    private static PolicyDocument document(ResultSet rs, int row) throws SQLException {
        return new PolicyDocument(info(rs, row), rs.getString("document"));
    }
}

package org.hearken.cases;

import java.util.Map;

/**
 * Why the case aggregate refused an action. One type for every refusal, so that the domain stays free of the web's
 * exception types; the lifecycle service turns it into the answer the API has always given: {@link Kind#CONFLICT} a
 * 409 with {@link #properties()} (such as {@code status} and {@code allowedActions}), {@link Kind#FORBIDDEN} a 403,
 * {@link Kind#INVALID} a 400 naming {@link #field()}.
 */
final class CaseRefused extends RuntimeException {

    enum Kind {
        /** Not now: the case's state does not allow it. */
        CONFLICT,
        /** Not you: the person acting may not do it. */
        FORBIDDEN,
        /** Not this: the input is wrong. */
        INVALID
    }

    private final Kind kind;
    private final String field;
    private final Map<String, Object> properties;

    private CaseRefused(Kind kind, String field, String message, Map<String, Object> properties) {
        // A refusal is an answer, not a failure: no stack trace to fill.
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
        this.properties = Map.copyOf(properties);
    }

    static CaseRefused conflict(String message, Map<String, Object> properties) {
        return new CaseRefused(Kind.CONFLICT, null, message, properties);
    }

    static CaseRefused conflict(String message) {
        return conflict(message, Map.of());
    }

    static CaseRefused forbidden(String message) {
        return new CaseRefused(Kind.FORBIDDEN, null, message, Map.of());
    }

    static CaseRefused invalid(String field, String message) {
        return new CaseRefused(Kind.INVALID, field, message, Map.of());
    }

    Kind kind() {
        return kind;
    }

    /** The input at fault, for {@link Kind#INVALID}; otherwise null. */
    String field() {
        return field;
    }

    Map<String, Object> properties() {
        return properties;
    }
}

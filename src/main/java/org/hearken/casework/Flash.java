package org.hearken.casework;

/**
 * A message at the top of the next page: {@code kind} is ok, error or info (the stylesheet's flash classes). It travels
 * in the session, which is kept in PostgreSQL, so it must be serializable.
 */
record Flash(String kind, String message) implements java.io.Serializable {

    static Flash ok(String message) {
        return new Flash("ok", message);
    }

    static Flash error(String message) {
        return new Flash("error", message);
    }

    static Flash info(String message) {
        return new Flash("info", message);
    }
}

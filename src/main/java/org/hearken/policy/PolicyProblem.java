package org.hearken.policy;

/**
 * One thing wrong with a policy document.
 *
 * @param line 1-based line in the document
 * @param column 1-based column, or null when the whole line or section is meant
 */
public record PolicyProblem(int line, Integer column, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}

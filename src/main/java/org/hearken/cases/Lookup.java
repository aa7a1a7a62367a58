package org.hearken.cases;

/**
 * An input the service looked up before calling the aggregate (a member of staff, a category, a due date from the
 * calendar): either the value, or why there is none. The aggregate takes it with {@link #get()} at the point where the
 * input matters, so a case that refuses the action for its state or for the person acting says so first, exactly as
 * when the look-up happened inside the action.
 */
record Lookup<T>(T value, CaseRefused refusal) {

    static <T> Lookup<T> of(T value) {
        return new Lookup<>(value, null);
    }

    static <T> Lookup<T> refused(CaseRefused refusal) {
        return new Lookup<>(null, refusal);
    }

    T get() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}

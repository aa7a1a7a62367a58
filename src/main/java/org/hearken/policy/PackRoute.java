package org.hearken.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hearken.calendar.Period;

/**
 * One entry of a policy's {@code packs} list: the rule pack that governs some feedback, chosen by department, kind and
 * product. Routes are tried top to bottom and the first that matches wins; a condition left out matches everything.
 *
 * @param departments department codes or names (compared ignoring case); empty = every department
 * @param kinds the kinds of feedback; the pack's own kinds when the document leaves them out
 * @param products product names (compared ignoring case); empty = every product, and feedback with none
 * @param overrides the organisation's own targets per stage key, only where the pack allows one
 * @param line the route's line in the policy document (1-based)
 */
public record PackRoute(
        Set<String> departments,
        Set<FeedbackKind> kinds,
        Set<String> products,
        RulePack pack,
        Map<String, Period> overrides,
        int line) {

    public PackRoute {
        departments = Set.copyOf(departments);
        kinds = Collections.unmodifiableSet(
                kinds.isEmpty() ? EnumSet.noneOf(FeedbackKind.class) : EnumSet.copyOf(kinds));
        products = Set.copyOf(products);
        overrides = Map.copyOf(overrides);
    }

    /**
     * Whether feedback of {@code kind} for a department known by any of {@code department} (its code and name; empty
     * when none) and {@code product} (may be null) is governed by this route.
     */
    public boolean matches(FeedbackKind kind, Collection<String> department, String product) {
        return kinds.contains(kind)
                && (departments.isEmpty() || department.stream().anyMatch(d -> containsIgnoringCase(departments, d)))
                && (products.isEmpty() || (product != null && containsIgnoringCase(products, product)));
    }

    /**
     * When the clocks of feedback this route governs start at receipt: when the customer sent it ({@code sent}) if the
     * pack counts from that and it is known, else when the organisation received it ({@code received}).
     */
    public Instant clockStart(Instant received, Instant sent) {
        return pack.clocksFrom() == RulePack.ClockBasis.SENT && sent != null ? sent : received;
    }

    private static boolean containsIgnoringCase(Set<String> set, String value) {
        return set.stream().anyMatch(s -> s.equalsIgnoreCase(value.strip()));
    }
}

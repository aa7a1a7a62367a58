package org.hearken.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * From the groups the provider says a person is in to their roles and departments in Hearken: the union of what each
 * mapped group gives. Pure: no Spring, no I/O.
 */
final class GroupMapping {

    /** At most this many groups are read from a claim; a provider sending more is cut short (and the rest ignored). */
    static final int MAX_GROUPS = 1000;

    /** The roles and departments the groups give, and which of the person's groups gave them. */
    record Access(Set<Role> roles, Set<String> departments, Set<String> matchedGroups) {
        Access {
            roles = Set.copyOf(roles);
            departments = Set.copyOf(departments);
            matchedGroups = Set.copyOf(matchedGroups);
        }
    }

    private GroupMapping() {}

    /**
     * The access the groups give, or empty when none of them is mapped or the mapped ones give no role (a person with
     * departments but no role could do nothing).
     */
    static Optional<Access> access(List<SingleSignOnSettings.GroupRule> rules, Collection<String> groups) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> departments = new TreeSet<>();
        Set<String> matched = new TreeSet<>();
        for (SingleSignOnSettings.GroupRule rule : rules) {
            if (groups.contains(rule.name())) {
                roles.addAll(rule.roles());
                departments.addAll(rule.departments());
                matched.add(rule.name());
            }
        }
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Access(roles, departments, matched));
    }

    /**
     * The groups in a claim's value: a list of strings (Entra ID, Keycloak), or a single string (Google's {@code hd},
     * the hosted domain). Anything else, or no claim, is no group.
     */
    static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof String one) {
            if (!one.isBlank()) {
                groups.add(one.strip());
            }
        } else if (claim instanceof Collection<?> many) {
            for (Object group : many) {
                if (groups.size() >= MAX_GROUPS) {
                    break;
                }
                if (group instanceof String name && !name.isBlank()) {
                    groups.add(name.strip());
                }
            }
        }
        return groups;
    }
}

package org.hearken.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hearken.sso.*} settings: single sign-on for staff with an OpenID provider (docs/single-sign-on.md).
 *
 * <p>The groups are a numbered list ({@code hearken.sso.groups[0].name}, {@code .roles}, {@code .departments}) rather
 * than a map keyed by the group, because a provider's group is often named by something an environment variable
 * cannot carry as a key (Entra ID's object ids have dashes, Google's hosted domains dots):
 * {@code HEARKEN_SSO_GROUPS_0_NAME}, {@code HEARKEN_SSO_GROUPS_0_ROLES}, {@code HEARKEN_SSO_GROUPS_0_DEPARTMENTS}.
 */
@ConfigurationProperties("hearken.sso")
record SingleSignOnSettings(
        boolean enabled,
        String providerName,
        String issuer,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String groupsClaim,
        List<GroupRule> groups,
        Set<String> breakGlassUsers) {

    /** What membership of one group at the provider gives in Hearken. */
    record GroupRule(String name, Set<Role> roles, Set<String> departments) {
        GroupRule {
            name = name == null ? "" : name.strip();
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            departments = cleaned(departments, d -> d.toUpperCase(Locale.ROOT));
        }
    }

    SingleSignOnSettings {
        providerName = providerName == null || providerName.isBlank() ? "single sign-on" : providerName.strip();
        issuer = issuer == null ? "" : issuer.strip();
        clientId = clientId == null ? "" : clientId.strip();
        clientSecret = clientSecret == null ? "" : clientSecret;
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
        groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim.strip();
        groups = groups == null ? List.of() : List.copyOf(groups);
        breakGlassUsers = cleaned(breakGlassUsers, u -> u.toLowerCase(Locale.ROOT));
    }

    /** The values stripped, blanks left out, each as {@code form} makes it. */
    private static Set<String> cleaned(Set<String> values, java.util.function.UnaryOperator<String> form) {
        Set<String> kept = new LinkedHashSet<>();
        if (values != null) {
            values.stream().filter(v -> !v.isBlank()).forEach(v -> kept.add(form.apply(v.strip())));
        }
        return Set.copyOf(kept);
    }

    /** What is wrong with the settings when single sign-on is on; empty when they can be used. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        if (issuer.isEmpty()) {
            problems.add("hearken.sso.issuer (HEARKEN_SSO_ISSUER) is empty");
        } else if (!issuer.startsWith("https://") && !issuer.startsWith("http://")) {
            problems.add("hearken.sso.issuer must be an http(s) URL");
        }
        if (clientId.isEmpty()) {
            problems.add("hearken.sso.client-id (HEARKEN_SSO_CLIENT_ID) is empty");
        }
        if (!scopes.contains("openid")) {
            problems.add("hearken.sso.scopes must include openid");
        }
        if (groups.isEmpty()) {
            problems.add("no group is mapped (hearken.sso.groups[0].name and .roles): nobody could sign in");
        }
        for (int i = 0; i < groups.size(); i++) {
            GroupRule rule = groups.get(i);
            if (rule.name().isEmpty()) {
                problems.add("hearken.sso.groups[" + i + "].name is empty");
            }
            if (rule.roles().isEmpty() && rule.departments().isEmpty()) {
                problems.add("hearken.sso.groups[" + i + "] gives neither roles nor departments");
            }
        }
        return problems;
    }
}

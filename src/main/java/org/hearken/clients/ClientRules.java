package org.hearken.clients;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.FieldProblem;

/**
 * Who may do what with client organisations, and what a name or a domain must be. Pure rules: no I/O, no Spring, no
 * clock. Every member of staff may read the list of clients (names, managers and domains, nothing about customers);
 * anyone who logs cases may put a contact into an organisation; managers, executives and administrators create,
 * change and merge organisations and choose who looks after them, because that decides who sees the client's cases.
 */
final class ClientRules {

    private ClientRules() {}

    static final int MAX_NAME = 200;
    static final int MAX_DOMAINS = 20;

    /**
     * Addresses anyone can have: a domain of these never says which organisation someone works for, so no organisation
     * may claim one.
     */
    static final Set<String> PUBLIC_MAIL = Set.of(
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "hotmail.co.uk",
            "live.com",
            "live.co.uk",
            "msn.com",
            "yahoo.com",
            "yahoo.co.uk",
            "icloud.com",
            "me.com",
            "aol.com",
            "proton.me",
            "protonmail.com",
            "gmx.com",
            "gmx.net",
            "mail.com",
            "btinternet.com",
            "sky.com",
            "example.com");

    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    /** Creates, changes and merges organisations and chooses their relationship managers. */
    static boolean mayManage(Actor actor) {
        return actor.has(Role.MANAGER) || actor.has(Role.EXECUTIVE) || actor.has(Role.ADMIN);
    }

    /** Puts a contact into an organisation or takes them out (as when logging a case). */
    static boolean mayAttachContacts(Actor actor) {
        return mayManage(actor) || actor.has(Role.AGENT);
    }

    /** The name as stored, with the problems it has. */
    static String name(String name, List<FieldProblem> problems) {
        String n = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        if (n.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (n.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters"));
        } else if (n.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem("name", "must be a single line of text"));
        }
        return n;
    }

    /**
     * The domains as stored (lower case, ASCII form of an international name, without a leading "@" or "www."), each
     * once; a domain that is not one, or anyone's (a public mail service's), is a problem.
     */
    static List<String> domains(List<String> given, List<FieldProblem> problems) {
        Set<String> out = new LinkedHashSet<>();
        if (given == null) {
            return List.of();
        }
        for (String raw : given) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String d = raw.strip().toLowerCase(Locale.ROOT);
            if (d.startsWith("@")) {
                d = d.substring(1);
            }
            if (d.length() > 253) {
                problems.add(new FieldProblem("domains", "'" + d.substring(0, 40) + "…' is not an e-mail domain"));
                continue;
            }
            try {
                d = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("domains", "'" + shortened(d) + "' is not an e-mail domain"));
                continue;
            }
            if (!DOMAIN.matcher(d).matches()) {
                problems.add(new FieldProblem(
                        "domains", "'" + shortened(d) + "' is not an e-mail domain, such as example.org"));
            } else if (PUBLIC_MAIL.contains(d)) {
                problems.add(new FieldProblem(
                        "domains", d + " is a public mail service: its addresses say nothing of an organisation"));
            } else {
                out.add(d);
            }
        }
        if (out.size() > MAX_DOMAINS) {
            problems.add(new FieldProblem("domains", "an organisation may claim at most " + MAX_DOMAINS + " domains"));
        }
        return new ArrayList<>(out);
    }

    /** The domain of an e-mail address, in the form {@link #domains} stores; null when it has none. */
    static String domainOf(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return null;
        }
        String d = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        try {
            return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** At most 60 characters of {@code s}, to quote back in a message. */
    static String shortened(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}

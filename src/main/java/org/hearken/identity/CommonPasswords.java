package org.hearken.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The 30,000 most common passwords (zxcvbn's list, from a corpus of 10 million leaked passwords), shipped with Hearken
 * in {@code identity/common-passwords.txt.gz} and read once into a set. Nothing is looked up over the network.
 *
 * <p>A password is common when, in lower case, it is on the list, or what is left of it without the digits and
 * punctuation at its start and end is: {@code Password1234!} and {@code 2024dragon2024} are as easy to guess as
 * {@code password} and {@code dragon}.
 */
final class CommonPasswords {

    static final String RESOURCE = "/identity/common-passwords.txt.gz";

    private static final class Holder {
        static final Set<String> LIST = load();
    }

    private CommonPasswords() {}

    static boolean contains(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (Holder.LIST.contains(lower)) {
            return true;
        }
        String core = lower.replaceAll("^[^\\p{L}]+", "").replaceAll("[^\\p{L}]+$", "");
        return !core.isEmpty() && Holder.LIST.contains(core);
    }

    static int size() {
        return Holder.LIST.size();
    }

    private static Set<String> load() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            Set<String> list = new HashSet<>(65_536);
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        list.add(line.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
            return Set.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

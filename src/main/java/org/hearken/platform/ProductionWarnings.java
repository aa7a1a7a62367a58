package org.hearken.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Outside demo mode, says loudly at start-up which settings still hold the demo's defaults: links in e-mails that point
 * at this machine, mail signed by the demo council, letters with its address. Each would reach real customers. With
 * {@code hearken.production.strict} ({@code HEARKEN_STRICT_START=true}) it refuses to start instead.
 */
@Component
public class ProductionWarnings implements ApplicationRunner {

    /** What start-up says of a setting not fit for customers, the same in every module's check. */
    public static final String NOT_READY = "NOT READY FOR CUSTOMERS: ";

    static final String DEMO_NAME = "Hearken demo council";
    static final String DEMO_ADDRESS = "1 Civic Place, Northbridge NSW 2063";

    private static final Logger log = LoggerFactory.getLogger(ProductionWarnings.class);

    private final boolean demo;
    private final String publicUrl;
    private final String name;
    private final String address;
    private final String mailFrom;
    private final boolean strict;
    private final String metricsToken;

    ProductionWarnings(
            @Value("${hearken.demo:false}") boolean demo,
            @Value("${hearken.public-url:}") String publicUrl,
            @Value("${hearken.organisation.name:}") String name,
            @Value("${hearken.organisation.address:}") String address,
            @Value("${hearken.mail.from:}") String mailFrom,
            @Value("${hearken.production.strict:false}") boolean strict,
            @Value("${hearken.metrics.token:}") String metricsToken) {
        this.strict = strict;
        this.metricsToken = metricsToken;
        this.demo = demo;
        this.publicUrl = publicUrl;
        this.name = name;
        this.address = address;
        this.mailFrom = mailFrom;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demo) {
            return;
        }
        List<String> warnings = warnings(publicUrl, name, address, mailFrom);
        if (metricsTokenTooShort(metricsToken)) {
            warnings.add("HEARKEN_METRICS_TOKEN is shorter than 32 characters, so it is not accepted and nothing can"
                    + " read the metrics. Set a long random one, e.g. from `openssl rand -hex 32`.");
        }
        report(strict, warnings);
    }

    /** A scrape token is set but too short for the metrics endpoint to accept it (identity's MetricsScrapeFilter). */
    static boolean metricsTokenTooShort(String token) {
        return token != null && !token.isBlank() && token.strip().length() < 32;
    }

    /**
     * Logs each thing not fit for customers, or, when {@code strict}, refuses to start, naming them all. For every
     * module's start-up checks (the demo's accounts are checked by the demo module).
     */
    public static void report(boolean strict, List<String> notReady) {
        if (notReady.isEmpty()) {
            return;
        }
        if (strict) {
            throw new IllegalStateException(
                    "Hearken refuses to start (HEARKEN_STRICT_START is true): " + String.join(" ", notReady));
        }
        for (String w : notReady) {
            log.warn(NOT_READY + "{}", w);
        }
    }

    /** What still holds a demo default, each with the setting that puts it right. Pure, for tests. */
    static List<String> warnings(String publicUrl, String name, String address, String mailFrom) {
        List<String> w = new ArrayList<>();
        String host = host(publicUrl);
        if (host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
            w.add("HEARKEN_PUBLIC_URL is " + (publicUrl == null || publicUrl.isBlank() ? "not set" : publicUrl)
                    + ": the status links in e-mails and letters would point at this machine. Set it to the address"
                    + " customers reach Hearken at, e.g. https://feedback.example.org.");
        }
        if (DEMO_NAME.equals(name == null ? null : name.strip())) {
            w.add("HEARKEN_ORGANISATION_NAME is the demo's \"" + DEMO_NAME
                    + "\": e-mails and letters would be signed with it. Set your organisation's name.");
        }
        if (DEMO_ADDRESS.equals(address == null ? null : address.strip())) {
            w.add("HEARKEN_ORGANISATION_ADDRESS is the demo's \"" + DEMO_ADDRESS
                    + "\": letters would carry it. Set your organisation's postal address.");
        }
        if (mailFrom == null
                || mailFrom.isBlank()
                || mailFrom.strip().toLowerCase(Locale.ROOT).endsWith("@localhost")) {
            w.add("HEARKEN_MAIL_FROM is " + (mailFrom == null || mailFrom.isBlank() ? "not set" : mailFrom)
                    + ": mail from it would not be delivered or answered. Set the address customers may reply to.");
        }
        return w;
    }

    private static String host(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            String h = URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

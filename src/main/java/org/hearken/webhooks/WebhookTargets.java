package org.hearken.webhooks;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may be sent. A receiver is an {@code https} URL on a public address. Loopback, private (RFC 1918,
 * unique local), link-local (cloud metadata services among them), carrier-grade NAT, multicast and unspecified addresses
 * are refused unless {@code hearken.webhooks.allow-private-addresses} is set, which also allows plain {@code http} to
 * this machine ({@code localhost}, 127.0.0.0/8, ::1); {@code hearken.webhooks.allow-http} allows plain {@code http}
 * everywhere. The address is checked when the subscription is saved and again before each attempt.
 */
final class WebhookTargets {

    static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivateAddresses;
    private final boolean allowHttp;

    WebhookTargets(boolean allowPrivateAddresses, boolean allowHttp) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.allowHttp = allowHttp;
    }

    WebhookTargets(WebhookSettings settings) {
        this(settings.allowPrivateAddresses(), settings.allowHttp());
    }

    /** The URL as it will be used, or why it cannot be (a sentence for the field {@code url}); no DNS is asked. */
    URI parse(String url) throws Refused {
        String text = url == null ? "" : url.strip();
        if (text.isEmpty()) {
            throw new Refused("enter the receiver's URL, e.g. https://crm.example.org/hearken/webhooks");
        }
        if (text.length() > MAX_URL_LENGTH) {
            throw new Refused("may be at most " + MAX_URL_LENGTH + " characters long");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new Refused("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must be a full URL with a host name, e.g. https://crm.example.org/hearken/webhooks");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("may not carry a user name or password; the signature proves who sent a delivery");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("may not have a fragment (#…)");
        }
        if (scheme.equals("http")) {
            if (!allowHttp && !(allowPrivateAddresses && isThisMachine(uri.getHost()))) {
                throw new Refused(
                        "must use https (plain http only to this machine, where private addresses are allowed)");
            }
        } else if (!scheme.equals("https")) {
            throw new Refused("must use https");
        }
        String host = host(uri);
        if (!allowPrivateAddresses
                && (isThisMachine(host)
                        || literal(host).map(WebhookTargets::isPrivate).orElse(false))) {
            throw new Refused("names a private or local address, which webhooks may not reach here");
        }
        return uri;
    }

    /** Before an attempt: the host's addresses, each of which must be public unless private ones are allowed. */
    void checkAddresses(URI uri) throws Refused {
        if (allowPrivateAddresses) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host(uri))) {
                if (isPrivate(address)) {
                    throw new Refused(uri.getHost() + " resolves to " + address.getHostAddress()
                            + ", a private or local address, which webhooks may not reach here");
                }
            }
        } catch (UnknownHostException e) {
            throw new Refused("unknown host " + uri.getHost());
        }
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return IDN.toASCII(host).toLowerCase(Locale.ROOT);
    }

    private static boolean isThisMachine(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.endsWith(".localhost")
                || literal(h).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** An IP address written as one (no DNS look-up), else empty. */
    private static Optional<InetAddress> literal(String host) {
        boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!ipv4 && !host.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0
                    || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || first >= 240;
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc // unique local fc00::/7
                    || isMappedPrivate(b);
        }
        return false;
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) of a private IPv4 address. */
    private static boolean isMappedPrivate(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        if ((b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
            return false;
        }
        try {
            return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** Why a URL or address is refused, in words for the field {@code url} or the delivery log. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}

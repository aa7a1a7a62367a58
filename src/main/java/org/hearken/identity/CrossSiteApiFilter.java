package org.hearken.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing API call that a browser marks as coming from another site ({@code Sec-Fetch-Site} other
 * than {@code same-origin}, or an {@code Origin} that is not Hearken's own), before any credentials are looked at:
 * a page elsewhere must not act with credentials a browser remembers. Scripts and integrations send neither header
 * and are not affected; reading (GET, HEAD, OPTIONS) is not refused, since a browser keeps the answer from the other
 * site.
 */
final class CrossSiteApiFilter extends OncePerRequestFilter {

    private final String publicOrigin;

    CrossSiteApiFilter(String publicUrl) {
        this.publicOrigin = origin(URI.create(publicUrl));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ApiTokenFilter.SAFE_METHODS.contains(request.getMethod()) || !crossSite(request)) {
            chain.doFilter(request, response);
            return;
        }
        SecurityConfiguration.problem(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                "Forbidden",
                "A browser sent this from another site; Hearken's API does not act on requests from another site. "
                        + "Call it from a script or an integration, or use Hearken's own pages.",
                request.getRequestURI());
    }

    private boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        // "none": the person started the request themselves (an address typed or bookmarked), not a page.
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String own = request.getScheme() + "://" + request.getServerName()
                + port(request.getScheme(), request.getServerPort());
        String given = origin.strip().toLowerCase(Locale.ROOT);
        return !given.equals(own.toLowerCase(Locale.ROOT)) && !given.equals(publicOrigin);
    }

    private static String origin(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "";
        }
        return (uri.getScheme() + "://" + uri.getHost() + port(uri.getScheme(), uri.getPort()))
                .toLowerCase(Locale.ROOT);
    }

    private static String port(String scheme, int port) {
        boolean usual = port < 0
                || ("http".equalsIgnoreCase(scheme) && port == 80)
                || ("https".equalsIgnoreCase(scheme) && port == 443);
        return usual ? "" : ":" + port;
    }
}

package org.hearken.identity;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

/**
 * Remembers the page someone asked for before signing in, so that they land on it afterwards, in a cookie rather than a
 * session: an anonymous visit stores nothing in the database. Only a path on Hearken itself is kept and followed (never
 * another host), only for pages a person opens (GET, not htmx or the API), and the cookie is Secure, HttpOnly and
 * SameSite=Lax like the session's.
 */
final class ReturnPathCookie implements RequestCache {

    static final String COOKIE = "HEARKEN_RETURN";
    private static final int MAX_PATH = 1000;

    private final boolean secure;

    ReturnPathCookie(boolean secure) {
        this.secure = secure;
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        String accept = request.getHeader("Accept");
        if (!"GET".equals(request.getMethod())
                || request.getHeader("HX-Request") != null
                || (accept != null && !accept.contains("text/html") && !accept.contains("*/*"))) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length())
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (safe(path)) {
            write(
                    response,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8)),
                    -1);
        }
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        String path = read(request);
        if (path == null) {
            return null;
        }
        // Followed once: the sign-in that reads it also forgets it.
        if (response != null) {
            removeRequest(request, response);
        }
        return new SimpleSavedRequest(path);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        return null;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        if (read(request) != null) {
            write(response, "", 0);
        }
    }

    private static String read(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName())) {
                try {
                    String path = new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
                    return safe(path) ? path : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A path on this site: starts with one slash, never "//" or "/\" (which a browser would take for another host). */
    private static boolean safe(String path) {
        return path.length() <= MAX_PATH
                && path.startsWith("/")
                && !path.startsWith("//")
                && !path.startsWith("/\\")
                && path.chars().noneMatch(c -> c < 0x20);
    }

    private void write(HttpServletResponse response, String value, long maxAge) {
        cookie(response, COOKIE, value, maxAge, secure);
    }

    /** Sets a cookie of the sign-in (path /, HttpOnly, SameSite=Lax, Secure unless told otherwise); max age 0 removes it. */
    static void cookie(HttpServletResponse response, String name, String value, long maxAge, boolean secure) {
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(name, value)
                        .path("/")
                        .secure(secure)
                        .httpOnly(true)
                        .sameSite("Lax")
                        .maxAge(maxAge)
                        .build()
                        .toString());
    }
}

package org.hearken.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Where a page's CSRF token is kept. Signed-in staff have a session, and their token lives in it. An anonymous visitor
 * (the public form, the sign-in page) has none, and gets none just for looking: their token is kept in an HttpOnly,
 * Secure, SameSite=Strict cookie instead, and the form sends it back (double submit). So no database session is
 * written until someone signs in.
 */
final class SessionOrCookieCsrfTokens implements CsrfTokenRepository {

    static final String COOKIE = "HEARKEN_CSRF";

    private final HttpSessionCsrfTokenRepository session = new HttpSessionCsrfTokenRepository();
    private final CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();

    SessionOrCookieCsrfTokens(boolean secureCookie) {
        cookie.setCookieName(COOKIE);
        // The same names wherever the token is kept, so that forms and htmx send it the same way.
        CsrfToken sample = session.generateToken(null);
        cookie.setHeaderName(sample.getHeaderName());
        cookie.setParameterName(sample.getParameterName());
        cookie.setCookieCustomizer(
                c -> c.secure(secureCookie).sameSite("Strict").httpOnly(true).path("/"));
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return session.generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token == null) {
            session.saveToken(null, request, response);
            if (request.getCookies() != null
                    && java.util.Arrays.stream(request.getCookies())
                            .anyMatch(c -> c.getName().equals(COOKIE))) {
                cookie.saveToken(null, request, response);
            }
        } else if (request.getSession(false) != null) {
            session.saveToken(token, request, response);
        } else {
            cookie.saveToken(token, request, response);
        }
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return request.getSession(false) != null ? session.loadToken(request) : cookie.loadToken(request);
    }
}

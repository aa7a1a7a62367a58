package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The page to return to after signing in is a path on Hearken, never another host, and is followed once. */
class ReturnPathCookieTest {

    private final ReturnPathCookie cache = new ReturnPathCookie(true);

    private static MockHttpServletRequest withCookie(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setCookies(new Cookie(
                ReturnPathCookie.COOKIE,
                Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8))));
        return request;
    }

    @Test
    void aPageAskedForIsRememberedInASecureCookieAndFollowedOnce() {
        MockHttpServletRequest asked = new MockHttpServletRequest("GET", "/cases/queue");
        asked.setQueryString("kind=COMPLAINT");
        MockHttpServletResponse response = new MockHttpServletResponse();
        cache.saveRequest(asked, response);
        String set = response.getHeader("Set-Cookie");
        assertThat(set).startsWith(ReturnPathCookie.COOKIE + "=").contains("Secure", "HttpOnly", "SameSite=Lax");

        MockHttpServletRequest signIn = new MockHttpServletRequest("POST", "/login");
        signIn.setCookies(new Cookie(ReturnPathCookie.COOKIE, set.substring(set.indexOf('=') + 1, set.indexOf(';'))));
        MockHttpServletResponse signedIn = new MockHttpServletResponse();
        assertThat(cache.getRequest(signIn, signedIn).getRedirectUrl()).isEqualTo("/cases/queue?kind=COMPLAINT");
        assertThat(signedIn.getHeader("Set-Cookie")).contains("Max-Age=0");
    }

    @Test
    void anotherHostIsNeverFollowed() {
        for (String elsewhere : new String[] {
            "https://attacker.example/",
            "//attacker.example/x",
            "/\\attacker.example",
            "cases",
            "/cases\r\nSet-Cookie: x=y"
        }) {
            assertThat(cache.getRequest(withCookie(elsewhere), new MockHttpServletResponse()))
                    .as(elsewhere)
                    .isNull();
        }
        assertThat(cache.getRequest(withCookie("/cases/mine"), new MockHttpServletResponse())
                        .getRedirectUrl())
                .isEqualTo("/cases/mine");
    }

    @Test
    void onlyPagesOpenedByAPersonAreRemembered() {
        MockHttpServletRequest htmx = new MockHttpServletRequest("GET", "/cases/mine");
        htmx.addHeader("HX-Request", "true");
        MockHttpServletRequest post = new MockHttpServletRequest("POST", "/cases/HK-1/close");
        MockHttpServletRequest script = new MockHttpServletRequest("GET", "/js/hearken.js");
        script.addHeader("Accept", "application/javascript");
        for (MockHttpServletRequest request : new MockHttpServletRequest[] {htmx, post, script}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            cache.saveRequest(request, response);
            assertThat(response.getHeader("Set-Cookie")).isNull();
        }
    }
}

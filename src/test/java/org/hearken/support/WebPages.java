package org.hearken.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.util.UUID;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Calls the staff web pages through the real security filter chain (CSRF, URL rules) with MockMvc, signed in as a
 * member of staff loaded the way the sign-in form loads them.
 */
public final class WebPages {

    public final MockMvc mvc;
    private final UserDetailsService users;

    private WebPages(MockMvc mvc, UserDetailsService users) {
        this.mvc = mvc;
        this.users = users;
    }

    public static WebPages of(WebApplicationContext context) {
        return new WebPages(
                MockMvcBuilders.webAppContextSetup(context)
                        .apply(springSecurity())
                        .build(),
                context.getBean(UserDetailsService.class));
    }

    /**
     * A valid CSRF token for a MockMvc form post, kept where the application keeps a signed-in person's token (their
     * session). Unlike Spring Security's own {@code csrf()}, it leaves the application's CSRF settings alone: that one
     * swaps the shared filter's token store for a session-only one, which would change how every later test (and
     * every anonymous page) behaves.
     */
    public static RequestPostProcessor csrf() {
        return request -> {
            CsrfToken token = new DefaultCsrfToken(
                    "X-CSRF-TOKEN", "_csrf", UUID.randomUUID().toString());
            request.getSession(true)
                    .setAttribute(HttpSessionCsrfTokenRepository.class.getName() + ".CSRF_TOKEN", token);
            new XorCsrfTokenRequestAttributeHandler().handle(request, new MockHttpServletResponse(), () -> token);
            request.setParameter(
                    token.getParameterName(), ((CsrfToken) request.getAttribute(CsrfToken.class.getName())).getToken());
            return request;
        };
    }

    /** Signs the request in as {@code username}, with the roles and departments they have now. */
    public RequestPostProcessor as(String username) {
        return user(users.loadUserByUsername(username));
    }
}

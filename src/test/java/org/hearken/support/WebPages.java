package org.hearken.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import org.springframework.security.core.userdetails.UserDetailsService;
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
        return new WebPages(MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build(),
                context.getBean(UserDetailsService.class));
    }

    /** Signs the request in as {@code username}, with the roles and departments they have now. */
    public RequestPostProcessor as(String username) {
        return user(users.loadUserByUsername(username));
    }
}

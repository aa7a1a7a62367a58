package org.hearken.platform;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links in pages are written as they are. Spring Boot's Thymeleaf support registers the resource-URL filter because
 * the WebJars locator is present; that filter looks every link of every page up as a possible static file on the
 * classpath (a fifth of a list page's time). Registering it here, switched off, keeps Boot from registering its own. Hearken versions no static URLs, and the versionless WebJars paths are resolved when the file is
 * requested, not when the link is written, so the filter changes nothing but the time.
 */
@Configuration(proxyBeanMethods = false)
class StaticResourceLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}

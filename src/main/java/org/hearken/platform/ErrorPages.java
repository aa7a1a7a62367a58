package org.hearken.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error pages outside the API: what was wrong is listed on the page when it is the visitor's to fix, and a visitor
 * of the public pages gets a page in the public layout, not the staff one.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPages {

    /** Request attribute: the problems (plain sentences) the error page lists. */
    static final String PROBLEMS = ErrorPages.class.getName() + ".problems";

    @Bean
    DefaultErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
                Map<String, Object> attributes = super.getErrorAttributes(request, options);
                Object problems = request.getAttribute(PROBLEMS, RequestAttributes.SCOPE_REQUEST);
                if (problems != null) {
                    attributes.put("problems", problems);
                }
                return attributes;
            }
        };
    }

    @Bean
    ErrorViewResolver publicErrorPages() {
        return (request, status, model) -> model.get("path") instanceof String path && path.startsWith("/public/")
                ? new ModelAndView("public/error", model, status)
                : null;
    }

    /**
     * A page (not the API, whose problems are answered by {@code ApiProblems}) that failed on a value the database
     * cannot store answers 400 with the error page, not 500.
     */
    @Bean
    HandlerExceptionResolver badInputPages() {
        return new OrderedResolver();
    }

    private static final class OrderedResolver implements HandlerExceptionResolver, Ordered {
        @Override
        public ModelAndView resolveException(
                HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
            String problem = BadInput.problem(e, request);
            if (problem == null) {
                return null;
            }
            request.setAttribute(PROBLEMS, List.of(problem));
            try {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            } catch (IOException io) {
                return null;
            }
            return new ModelAndView();
        }

        @Override
        public int getOrder() {
            // After Spring MVC's own resolvers (@ExceptionHandler, @ResponseStatus, its standard exceptions).
            return Ordered.LOWEST_PRECEDENCE - 10;
        }
    }
}

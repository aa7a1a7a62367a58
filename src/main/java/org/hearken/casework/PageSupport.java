package org.hearken.casework;

import jakarta.servlet.http.HttpServletRequest;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.SignedIn;
import org.hearken.platform.BadInput;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every case page shares: plain words and dates in the organisation's time zone, and errors as pages, never as
 * a stack trace or problem JSON. A case the reader may not see is "not found", exactly like one that does not exist.
 */
@ControllerAdvice(
        assignableTypes = {
            CaseListPages.class,
            CasePages.class,
            NewCasePage.class,
            ClientPages.class,
            CustomerPages.class
        })
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageSupport {

    private static final Logger log = LoggerFactory.getLogger(PageSupport.class);

    private final ServicePolicies policies;

    PageSupport(ServicePolicies policies) {
        this.policies = policies;
    }

    @ModelAttribute("words")
    Words words() {
        return new Words(policies.active().policy().calendar().zone());
    }

    @ModelAttribute("choices")
    Choices choices() {
        return new Choices(words());
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, Actor actor) {
        return errorPage(404, actor);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden(AccessDeniedException e, Actor actor) {
        return errorPage(403, actor);
    }

    /** A malformed address (a hand-edited cursor, say): the page says what is wrong. */
    @ExceptionHandler(InvalidRequestException.class)
    ModelAndView invalid(InvalidRequestException e, Actor actor) {
        ModelAndView page = errorPage(400, actor);
        page.addObject(
                "problems",
                e.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
        return page;
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, Actor actor) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            return errorPage(known.getStatusCode().value(), actor);
        }
        String badInput = BadInput.problem(e, request);
        if (badInput != null) {
            ModelAndView page = errorPage(400, actor);
            page.addObject("problems", java.util.List.of(badInput));
            return page;
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return errorPage(500, actor);
    }

    /** The shared error page, with the header's menu (other advice's model attributes do not reach exception handlers). */
    private static ModelAndView errorPage(int status, Actor a) {
        ModelAndView page = new ModelAndView("error");
        page.setStatus(HttpStatusCode.valueOf(status));
        page.addObject("status", status);
        page.addObject(
                "me",
                new SignedIn(
                        a.username(),
                        a.fullName(),
                        a.has(Role.AGENT),
                        a.has(Role.MANAGER),
                        a.has(Role.EXECUTIVE),
                        a.has(Role.ADMIN)));
        return page;
    }
}

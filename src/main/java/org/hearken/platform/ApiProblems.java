package org.hearken.platform;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every API error as RFC 9457 problem details; bad input lists each bad field so a client can fix them all at once.
 * Only for the API's controllers: a staff page that fails gets the error page instead ({@code templates/error.html},
 * by status), never a JSON document or a stack trace.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiProblems.class);

    static final URI INVALID_REQUEST = URI.create("https://hearken.org/problems/invalid-request");
    static final URI CONFLICT = URI.create("https://hearken.org/problems/conflict");
    static final URI TOO_LARGE = URI.create("https://hearken.org/problems/too-large");

    static ProblemDetail tooLarge(long limit) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + Sizes.inWords(limit)
                        + ", the most this address accepts; nothing was changed.");
        problem.setType(TOO_LARGE);
        problem.setTitle("Content too large");
        problem.setProperty("limitBytes", limit);
        return problem;
    }

    static ProblemDetail invalid(List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                problems.size() == 1
                        ? problems.getFirst().field() + ": "
                                + problems.getFirst().message()
                        : problems.size() + " fields are invalid");
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", problems);
        return problem;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        return invalid(e.problems());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        return invalid(e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(CONFLICT);
        problem.setTitle("Conflict");
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ProblemDetail> preconditionFailed(PreconditionFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, e.getMessage());
        problem.setTitle("Precondition failed");
        problem.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag("\"" + e.currentVersion() + "\"")
                .body(problem);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Forbidden");
        return problem;
    }

    /**
     * Anything unexpected: the transaction has rolled back, so the answer can honestly say nothing was changed. A value
     * the database refused (a date or number out of its range) is the client's to fix, and a body that passed its
     * limit while being read is too large, whatever was reading it.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, jakarta.servlet.http.HttpServletRequest request) {
        RequestBounds.BodyTooLargeException tooLarge = RequestBounds.BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return tooLargeStatus().body(tooLarge(tooLarge.limit()));
        }
        String badInput = BadInput.problem(e, request);
        if (badInput != null) {
            return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem("request", badInput))));
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell your administrator.");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    /** 413; the rest of the body is not wanted, so the connection ends rather than read it. */
    private static ResponseEntity.BodyBuilder tooLargeStatus() {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).header(HttpHeaders.CONNECTION, "close");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String message = "'" + e.getValue() + "' is not a valid value";
        Class<?> type = e.getRequiredType();
        if (type != null && type.isEnum()) {
            message += "; use one of " + List.of(type.getEnumConstants());
        }
        return invalid(List.of(new FieldProblem(e.getName(), message)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        ex.getBindingResult()
                .getFieldErrors()
                .forEach(f -> problems.add(new FieldProblem(f.getField(), f.getDefaultMessage())));
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> problems.add(new FieldProblem(g.getObjectName(), g.getDefaultMessage())));
        problems.sort(Comparator.comparing(FieldProblem::field));
        return ResponseEntity.badRequest().body(invalid(problems));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBounds.BodyTooLargeException tooLarge = RequestBounds.BodyTooLargeException.in(ex);
        if (tooLarge != null) {
            return tooLargeStatus().body(tooLarge(tooLarge.limit()));
        }
        return ResponseEntity.badRequest().body(unreadable(ex));
    }

    private static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = path(jackson);
            String message;
            if (cause instanceof JsonInput.UnstorableTextException unstorable) {
                message = unstorable.getOriginalMessage();
            } else if (cause instanceof InvalidFormatException format
                    && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                message = "'" + format.getValue() + "' is not one of "
                        + List.of(format.getTargetType().getEnumConstants());
            } else if (cause instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (cause instanceof InvalidFormatException format) {
                message = "'" + format.getValue() + "' is not a valid " + describe(format.getTargetType());
            } else if (cause instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                message = "must be a " + describe(mismatched.getTargetType());
            } else {
                message = "cannot be read";
            }
            return invalid(List.of(new FieldProblem(field, message)));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                cause instanceof JacksonException jackson
                        ? "The body is not valid JSON: " + jackson.getOriginalMessage()
                        : "The request body is missing or unreadable.");
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Malformed request body");
        return problem;
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == java.time.OffsetDateTime.class
                || type == java.time.Instant.class
                || type == java.time.ZonedDateTime.class) {
            return "date-time with offset (ISO-8601, e.g. 2026-12-18T18:30:00+11:00)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        return type.getSimpleName();
    }
}

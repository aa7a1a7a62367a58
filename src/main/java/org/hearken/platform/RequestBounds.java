package org.hearken.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds on what any request may carry, checked before anything else reads it (before sessions, sign-in and the
 * controllers): a body larger than its limit is refused with 413 — by its declared length before a byte of it is read,
 * or, sent in chunks, as soon as the count passes the limit — and a query or form parameter that is not valid UTF-8
 * or holds text PostgreSQL cannot store is refused with 400. JSON bodies get the same text rule as they are read
 * ({@link JsonInput}). On the API the answer is problem details; elsewhere the error page says what was wrong.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestBounds.Limits.class)
class RequestBounds {

    /**
     * The largest request body accepted ({@code hearken.request-limits.*}).
     *
     * @param body   JSON, YAML and any other body read by the application
     * @param form   an HTML form sent URL-encoded (its text is percent-encoded, so up to three times its size)
     * @param upload a form with files (multipart); the public form's own per-file limit is smaller
     */
    @ConfigurationProperties("hearken.request-limits")
    record Limits(
            @DefaultValue("1MB") DataSize body,
            @DefaultValue("4MB") DataSize form,
            @DefaultValue("20MB") DataSize upload) {

        long bytesFor(String contentType) {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (type.startsWith("multipart/")) {
                return upload.toBytes();
            }
            if (type.startsWith("application/x-www-form-urlencoded")) {
                return form.toBytes();
            }
            return body.toBytes();
        }
    }

    /** After the character-encoding filter (parameters must be decoded as UTF-8), before sessions and Spring Security. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<BoundsFilter> requestBoundsFilter(Limits limits, JsonMapper json) {
        FilterRegistrationBean<BoundsFilter> registration =
                new FilterRegistrationBean<>(new BoundsFilter(limits, json));
        registration.setOrder(ORDER);
        return registration;
    }

    /**
     * Tomcat sends "100 Continue" only when the application starts reading, so a client that asks first never sends a
     * body that is refused by its length. (Tomcat parses forms itself: its form limit is set to ours in application.yml.)
     */
    @Bean
    TomcatConnectorCustomizer continueOnlyWhenRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }

    /** Thrown while reading a chunked body that passes its limit; the request is answered with 413. */
    static final class BodyTooLargeException extends IOException {
        private final long limit;

        BodyTooLargeException(long limit) {
            super("The request body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }

        /** The limit that {@code e} or one of its causes passed, if any. */
        static BodyTooLargeException in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BodyTooLargeException tooLarge) {
                    return tooLarge;
                }
            }
            return null;
        }
    }

    static final class BoundsFilter extends OncePerRequestFilter {

        private final Limits limits;
        private final JsonMapper json;

        BoundsFilter(Limits limits, JsonMapper json) {
            this.limits = limits;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long limit = limits.bytesFor(request.getContentType());
            if (request.getContentLengthLong() > limit) {
                refuseTooLarge(request, response, limit);
                return;
            }
            Map<String, String[]> parameters;
            try {
                parameters = request.getParameterMap();
            } catch (InvalidParameterException e) {
                if (e.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
                    refuseTooLarge(request, response, limit);
                } else {
                    refuse(
                            request,
                            response,
                            new FieldProblem(
                                    "request",
                                    "the address or form could not be read: it is not valid UTF-8 or not a well-formed form"));
                }
                return;
            }
            FieldProblem unstorable = unstorable(parameters);
            if (unstorable != null) {
                refuse(request, response, unstorable);
                return;
            }
            HttpServletRequest bounded =
                    request.getContentLengthLong() < 0 ? new CountingRequest(request, limit) : request;
            try {
                chain.doFilter(bounded, response);
            } catch (IOException | ServletException | RuntimeException e) {
                BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
                if (tooLarge == null || response.isCommitted()) {
                    throw e;
                }
                response.reset();
                refuseTooLarge(request, response, tooLarge.limit());
            }
        }

        private static FieldProblem unstorable(Map<String, String[]> parameters) {
            for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
                String nameProblem = StorableText.problem(parameter.getKey());
                if (nameProblem != null) {
                    return new FieldProblem("parameter name", nameProblem);
                }
                for (String value : parameter.getValue()) {
                    String problem = StorableText.problem(value);
                    if (problem != null) {
                        return new FieldProblem(parameter.getKey(), problem);
                    }
                }
            }
            return null;
        }

        private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long limit)
                throws IOException {
            // The rest of the body is not wanted: end the connection rather than read it.
            response.setHeader("Connection", "close");
            if (isApi(request)) {
                write(response, ApiProblems.tooLarge(limit));
            } else {
                errorPage(
                        request,
                        response,
                        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        "What was sent is larger than " + Sizes.inWords(limit) + ", the most Hearken accepts here.",
                        new MaxUploadSizeExceededException(limit));
            }
        }

        private void refuse(HttpServletRequest request, HttpServletResponse response, FieldProblem problem)
                throws IOException {
            if (isApi(request)) {
                write(response, ApiProblems.invalid(List.of(problem)));
            } else {
                errorPage(
                        request,
                        response,
                        HttpServletResponse.SC_BAD_REQUEST,
                        problem.field() + ": " + problem.message(),
                        new MultipartException(problem.message()));
            }
        }

        private static void errorPage(
                HttpServletRequest request,
                HttpServletResponse response,
                int status,
                String problem,
                MultipartException multipart)
                throws IOException {
            request.setAttribute(ErrorPages.PROBLEMS, List.of(problem));
            if (request.getContentType() != null
                    && request.getContentType().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                // Tells Spring MVC not to read the files again (and fail again) while it shows the error page.
                request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, multipart);
            }
            response.sendError(status);
        }

        private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
            response.setStatus(problem.getStatus());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            byte[] body = json.writeValueAsBytes(problem);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        private static boolean isApi(HttpServletRequest request) {
            return request.getRequestURI().startsWith("/api/");
        }
    }

    /** A request whose body, of no declared length, is counted as it is read and refused past the limit. */
    private static final class CountingRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        CountingRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}

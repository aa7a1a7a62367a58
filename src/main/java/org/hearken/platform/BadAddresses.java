package org.hearken.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An address Tomcat cannot even decode (an encoded NUL, bytes that are not UTF-8) is refused before it reaches
 * Hearken, and Tomcat would answer with its own error page. It gets the same answer as any other bad address
 * instead: problem details on the API, a short page elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class BadAddresses {

    @Bean
    TomcatContextCustomizer badAddressAnswers() {
        // The host adds its own error valve when it starts, just before it starts the application's context.
        return context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() != null) {
                Pipeline pipeline = context.getParent().getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve tomcats && !(valve instanceof AddressErrorValve)) {
                        AddressErrorValve ours = new AddressErrorValve();
                        ours.setShowReport(tomcats.isShowReport());
                        ours.setShowServerInfo(tomcats.isShowServerInfo());
                        pipeline.removeValve(valve);
                        pipeline.addValve(ours);
                    }
                }
            }
        });
    }

    static final class AddressErrorValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            if (response.getStatus() != HttpServletResponse.SC_BAD_REQUEST || response.isCommitted()) {
                super.report(request, response, throwable);
                return;
            }
            String uri = request.getRequestURI();
            boolean api = uri != null && uri.startsWith("/api/");
            try {
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.setContentType(api ? "application/problem+json" : "text/html;charset=UTF-8");
                Writer out = response.getReporter();
                if (out == null) {
                    return;
                }
                out.write(api ? """
                        {"type":"https://hearken.org/problems/invalid-request","title":"Bad Request","status":400,\
                        "detail":"The address is not acceptable: it holds an encoded character that is not allowed (such as %00) \
                        or bytes that are not UTF-8."}""" : """
                        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Hearken</title></head>
                        <body><h1>This address is not right</h1><p>Check the link or go back to <a href="/">the start page</a>.</p>
                        </body></html>""");
                out.flush();
            } catch (IOException | IllegalStateException e) {
                // The client has gone or the answer was already started: nothing more to say.
            }
        }
    }
}

package io.hubjira.admin;

import java.io.IOException;
import java.io.Writer;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller still answer {@code application/problem+json}: the servlet container's own
 * (a header over Tomcat's limit, an unparsable request line) through an error report valve that writes a problem
 * instead of Tomcat's HTML page (with the security headers the filter chain would have written), and errors forwarded to {@code /error} (a filter that failed, a servlet's
 * sendError) through a problem-writing error controller in place of Spring Boot's HTML/JSON one. Encoded slashes
 * ({@code %2F}) are passed on to the application, whose firewall refuses them with a problem naming the reason.
 */
@Configuration
public class ContainerErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonFromTheContainer() {
        return factory -> {
            factory.addContextCustomizers(context -> ((StandardHost) context.getParent())
                    .setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
            factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
        };
    }

    /** Tomcat's error report for requests that fail in the container, as a problem document. */
    public static class ProblemErrorReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String detail = switch (status) {
                case 400 -> "The request could not be read (a header over the size limit, or a malformed request line or URL).";
                case 404 -> "No such endpoint.";
                case 413 -> "The request is larger than the server accepts.";
                default -> Problems.title(status) + ".";
            };
            ProblemDetail problem = Problems.of(status, Problems.codeFor(status), detail);
            try {
                SecurityHeaders.write(response);
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(Problems.json(problem));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // the client went away or the response is unusable: nothing more to say
            }
        }
    }

    /** Errors forwarded to /error become problems (the original status, a detail that names what went wrong). */
    @RestController
    @RequestMapping("${server.error.path:${error.path:/error}}")
    static class ProblemErrorController implements ErrorController {

        @RequestMapping
        ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer i && i >= 400 ? i : 500;
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            String detail = switch (status) {
                case 404 -> "No such endpoint: " + uri + ".";
                case 405 -> "The method is not allowed on " + uri + ".";
                default -> status < 500 && message instanceof String m && !m.isBlank() ? m
                        : Problems.title(status) + (uri == null ? "." : " on " + uri + ".");
            };
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(status, Problems.codeFor(status), detail));
        }
    }
}

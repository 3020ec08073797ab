package io.hubjira.admin;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.secret.SecretMasker;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * RFC 9457 problem documents ({@code application/problem+json}): the body of every error the connector's HTTP API
 * answers, whichever layer produced it (controllers, security, the servlet container, the webhook intakes). Each
 * carries a stable machine-readable {@code code}, the HTTP status and a {@code detail} written for the reader,
 * with secrets masked.
 */
public final class Problems {

    public static final String CODE = "code";
    private static final String TYPE_PREFIX = "urn:hubjira:problem:";
    /** Plain Jackson with Spring's mix-in, so a problem's properties are written at the top level as RFC 9457 wants. */
    private static final ObjectMapper JSON = new ObjectMapper().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private Problems() {}

    public static ProblemDetail of(int status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), SecretMasker.mask(detail));
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title(status));
        problem.setProperty(CODE, code);
        return problem;
    }

    /** Fills in code, type and title of a problem Spring built (its type is about:blank), keeping what it says. */
    public static ProblemDetail completed(ProblemDetail problem) {
        String code = problem.getProperties() != null && problem.getProperties().get(CODE) != null
                ? String.valueOf(problem.getProperties().get(CODE)) : codeFor(problem.getStatus());
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title(problem.getStatus()));
        problem.setProperty(CODE, code);
        if (problem.getDetail() != null) {
            problem.setDetail(SecretMasker.mask(problem.getDetail()));
        }
        return problem;
    }

    /** Writes the problem straight onto a servlet response (filters, entry points). */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(problem));
        response.getWriter().flush();
    }

    /** The problem as its JSON text. */
    public static String json(ProblemDetail problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            return "{\"status\":" + problem.getStatus() + ",\"code\":\"" + codeFor(problem.getStatus()) + "\"}";
        }
    }

    /** The reason phrase of a status, e.g. "Not Found", or "Error 499" for codes HTTP does not name. */
    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }

    /** The default code of a status: its reason phrase in snake case ("method_not_allowed"). */
    public static String codeFor(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error_" + status : known.name().toLowerCase(Locale.ROOT);
    }
}

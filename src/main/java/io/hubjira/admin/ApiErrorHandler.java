package io.hubjira.admin;

import java.util.List;
import java.util.UUID;

import io.hubjira.connection.ConnectionProblem;
import io.hubjira.failure.ConflictException;
import io.hubjira.failure.InvalidInputException;
import io.hubjira.failure.NotFoundException;
import io.hubjira.failure.PermissionDeniedException;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.item.ItemValidationException;
import io.hubjira.jira.JiraNotConnectedException;
import io.hubjira.secret.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure of the admin and panel API answers {@code application/problem+json} (RFC 9457) naming the problem:
 * the connector's own problems with their code and field, Spring MVC's (405, 415, 404, unreadable JSON…) completed
 * with a code, input over a column's length as 422 naming the field and the limit, and anything unexpected as a 500
 * that names a reference to the log line instead of a stack trace.
 */
@RestControllerAdvice
public class ApiErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    /** One refused input field and why, e.g. {@code name}: "must be at most 200 characters". */
    public record Violation(String field, String reason) {}

    @ExceptionHandler(ConnectionProblem.class)
    ResponseEntity<ProblemDetail> connectionProblem(ConnectionProblem p) {
        ProblemDetail problem = Problems.of(p.httpStatus(), p.code(), p.getMessage());
        if (p.field() != null) {
            problem.setProperty("field", p.field());
        }
        if (p.rule() != null) {
            problem.setProperty("rule", p.rule());
        }
        if (!p.missingScopes().isEmpty()) {
            problem.setProperty("missingScopes", p.missingScopes());
        }
        return answer(problem);
    }

    /** A stored secret refused to decrypt (copied from elsewhere, altered, another master key): said plainly, never a wrong value. */
    @ExceptionHandler(SecretCipher.SecretException.class)
    ResponseEntity<ProblemDetail> unreadableSecret(SecretCipher.SecretException e) {
        log.error("A stored secret was refused: {}", e.getMessage());
        return answer(Problems.of(500, "stored_secret_unreadable", e.getMessage()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> requestProblem(InvalidInputException p) {
        ProblemDetail problem = Problems.of(p.status(), p.code(), p.getMessage());
        if (p.field() != null) {
            problem.setProperty("field", p.field());
        }
        return answer(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException p) {
        return answer(Problems.of(404, p.code(), p.getMessage()));
    }

    @ExceptionHandler(PermissionDeniedException.class)
    ResponseEntity<ProblemDetail> permissionDenied(PermissionDeniedException p) {
        return answer(Problems.of(403, p.code(), p.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException p) {
        return answer(Problems.of(409, p.code(), p.getMessage()));
    }

    @ExceptionHandler(ItemValidationException.class)
    ResponseEntity<ProblemDetail> invalidItem(ItemValidationException e) {
        ProblemDetail problem = Problems.of(422, "invalid_item", e.getMessage());
        problem.setProperty("item", e.itemName());
        problem.setProperty("violations", e.violations());
        return answer(problem);
    }

    @ExceptionHandler({HubSpotNotConnectedException.class, JiraNotConnectedException.class})
    ResponseEntity<ProblemDetail> notConnected(RuntimeException e) {
        return answer(Problems.of(409, "not_connected", e.getMessage()));
    }

    /** HubSpot or Jira failed (after retries) while serving an admin call: 502, with the API's own words. */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> upstream(ApiException e) {
        ProblemDetail problem = Problems.of(502, e.api().tag() + "_error", e.getMessage());
        problem.setProperty("upstreamStatus", e.status());
        if (e instanceof HubSpotApiException h && !h.requiredScopes().isEmpty()) {
            problem.setProperty("missingScopes", h.requiredScopes());
        }
        return answer(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase();
        ProblemDetail problem = Problems.of(400, "invalid_parameter", "'" + e.getName() + "' must be " + article(expected)
                + " " + expected + "; got '" + abbreviate(String.valueOf(e.getValue())) + "'.");
        problem.setProperty("field", e.getName());
        return answer(problem);
    }

    /** The last line of defence when input slipped past validation: the database refused it, nothing was written. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> refusedByStorage(DataIntegrityViolationException e) {
        String reference = UUID.randomUUID().toString();
        log.warn("Storage refused an admin API write (reference {}): {}", reference, e.getMostSpecificCause().getMessage());
        return answer(Problems.of(422, "refused_by_storage", "The request holds a value the database cannot store (too long, "
                + "or a duplicate); nothing was saved. Reference: " + reference + "."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("Admin API request failed (reference {})", reference, e);
        return answer(Problems.of(500, "internal_error", "The connector could not complete the request; the log names the "
                + "cause under reference " + reference + "."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getMostSpecificCause().getMessage();
        if (detail != null) {
            int cut = detail.indexOf("\n at [Source");
            detail = cut > 0 ? detail.substring(0, cut) : detail;
        }
        ProblemDetail problem = Problems.of(400, "malformed_json", "The request body is not valid JSON"
                + (detail == null ? "" : ": " + abbreviate(detail)));
        return new ResponseEntity<>(problem, problemHeaders(), 400);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(404, "not_found", "No such endpoint: " + e.getHttpMethod() + " /" + e.getResourcePath() + ".");
        return new ResponseEntity<>(problem, problemHeaders(), 404);
    }

    /** Bean-validated request bodies (@Size limits of the schema): 422 naming each field and its limit. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Violation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Violation(f.getField(), f.getDefaultMessage())).toList();
        ProblemDetail problem = Problems.of(422, "invalid_input", "The request is invalid: " + violations.stream()
                .map(v -> v.field() + " " + v.reason()).collect(java.util.stream.Collectors.joining("; ")));
        problem.setProperty("violations", violations);
        return new ResponseEntity<>(problem, problemHeaders(), 422);
    }

    /** Every problem Spring MVC answers itself (405, 406, 415, 404 for unknown paths…) gets the connector's code. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        Object completed = body instanceof ProblemDetail problem ? Problems.completed(problem) : body;
        HttpHeaders all = new HttpHeaders();
        all.putAll(headers);
        all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(completed, all, status);
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).headers(problemHeaders()).body(problem);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static String article(String word) {
        return word.matches("^[aeiou].*") ? "an" : "a";
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}

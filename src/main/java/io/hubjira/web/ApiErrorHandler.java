package io.hubjira.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hubjira.connection.ConnectionProblem;
import io.hubjira.http.ApiException;
import io.hubjira.item.ItemValidationException;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every admin API failure answers with a JSON body naming the problem: {status, error, message, field?}. */
@RestControllerAdvice(basePackages = {"io.hubjira.connection", "io.hubjira.catalog", "io.hubjira.item", "io.hubjira.sync", "io.hubjira.panel", "io.hubjira.admin"})
public class ApiErrorHandler {


    @ExceptionHandler(ConnectionProblem.class)
    ResponseEntity<Map<String, Object>> connectionProblem(ConnectionProblem p) {
        Map<String, Object> body = body(p.httpStatus(), p.code(), p.getMessage());
        if (p.field() != null) {
            body.put("field", p.field());
        }
        if (!p.missingScopes().isEmpty()) {
            body.put("missingScopes", p.missingScopes());
        }
        return ResponseEntity.status(p.httpStatus()).body(body);
    }

    @ExceptionHandler(NotFoundProblem.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundProblem p) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body(404, p.code(), p.getMessage()));
    }

    @ExceptionHandler(ConflictProblem.class)
    ResponseEntity<Map<String, Object>> conflict(ConflictProblem p) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body(409, p.code(), p.getMessage()));
    }

    @ExceptionHandler(ItemValidationException.class)
    ResponseEntity<Map<String, Object>> invalidItem(ItemValidationException e) {
        Map<String, Object> body = body(422, "invalid_item", e.getMessage());
        body.put("item", e.itemName());
        body.put("violations", e.violations());
        return ResponseEntity.unprocessableEntity().body(body);
    }

    @ExceptionHandler({HubSpotNotConnectedException.class, JiraNotConnectedException.class})
    ResponseEntity<Map<String, Object>> notConnected(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body(409, "not_connected", e.getMessage()));
    }

    /** HubSpot or Jira failed (after retries) while serving an admin call: 502, with the API's own words. */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> upstream(ApiException e) {
        Map<String, Object> body = body(502, e.api().tag() + "_error", e.getMessage());
        body.put("upstreamStatus", e.status());
        if (e instanceof HubSpotApiException h && !h.requiredScopes().isEmpty()) {
            body.put("missingScopes", h.requiredScopes());
        }
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(body);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String detail = e.getMostSpecificCause().getMessage();
        if (detail != null) {
            int cut = detail.indexOf("\n at [Source");
            detail = cut > 0 ? detail.substring(0, cut) : detail;
        }
        return ResponseEntity.badRequest().body(body(400, "malformed_json",
                "The request body is not valid JSON" + (detail == null ? "" : ": " + detail)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(body(415, "unsupported_media_type",
                "Send the request body as application/json."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(body(405, "method_not_allowed", e.getMessage()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noEndpoint(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body(404, "not_found", "No such endpoint: /" + e.getResourcePath()));
    }

    static Map<String, Object> body(int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("message", io.hubjira.secret.SecretMasker.mask(message));
        return body;
    }

}

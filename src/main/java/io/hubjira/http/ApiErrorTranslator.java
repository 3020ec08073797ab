package io.hubjira.http;

/** Turns a non-2xx answer into the API's typed exception (HubSpot category/correlationId, Jira errorMessages/errors). */
@FunctionalInterface
public interface ApiErrorTranslator {

    ApiException translate(ApiRequest request, ApiResponse response);
}

package io.hubjira.http;

/**
 * The API answered 2xx with a body the client cannot read as the operation's documented shape (not JSON, a required
 * field missing): a typed error naming the API and the operation, never a NullPointerException further on.
 */
public class UnexpectedAnswerException extends ApiException {

    public UnexpectedAnswerException(ApiName api, String operation, String endpoint, String problem, Throwable cause) {
        super(api, 200, endpoint, api.tag() + " answered " + operation + " (" + endpoint + ") with an unexpected body: " + problem,
                false, null, cause);
    }
}
